/** Where progress goes: a pino logger fits as it is (`{ info(fields, message) … }`); nothing is logged without one. */
export type ServiceLogger = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  /** Each line a service prints, when given. */
  debug?(fields: Record<string, unknown>, message: string): void;
};

export const silentLogger: ServiceLogger = {
  info: () => undefined,
  warn: () => undefined,
};
