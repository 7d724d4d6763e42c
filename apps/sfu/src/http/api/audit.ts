import type { Store } from '../../store/store.js';
import type { ApiContext } from './route.js';

/** Writes who (from the request's principal) did `action` to `target`. */
export async function audit(
  store: Store,
  ctx: ApiContext,
  action: string,
  target: string,
  details?: unknown,
): Promise<void> {
  await store.audit.record({ actor: actorOf(ctx), action, target, ...(details === undefined ? {} : { details }) });
}

/** Who makes the request, as audit entries and recordings name them. */
export function actorOf(ctx: ApiContext): string {
  const principal = ctx.state.principal;
  if (principal?.kind === 'admin') return `admin:${principal.name}`;
  if (principal?.kind === 'apiKey') return `apiKey:${principal.name} (${principal.id})`;
  return 'anonymous';
}
