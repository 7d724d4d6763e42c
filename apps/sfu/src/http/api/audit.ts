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
  const principal = ctx.state.principal;
  const actor =
    principal?.kind === 'admin'
      ? `admin:${principal.name}`
      : principal?.kind === 'apiKey'
        ? `apiKey:${principal.name} (${principal.id})`
        : 'anonymous';
  await store.audit.record({ actor, action, target, ...(details === undefined ? {} : { details }) });
}
