import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { HuddleError } from '../../errors.js';
import type { AppState } from '../middleware/requestId.js';
import { FileReply } from './fileReply.js';

/** `public`: anyone; `operator`: an admin or an API key; `admin`: an admin session only. */
export type Access = 'public' | 'operator' | 'admin';
export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';
export type ApiContext = ParameterizedContext<AppState>;
export type ResponseType = 'application/json' | 'text/event-stream';

const EMPTY = z.object({});
type Empty = typeof EMPTY;

type RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  method: HttpMethod;
  /** Koa style, relative to `/api/v1`: `/rooms/:slug`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status: 200 unless given; 204 sends no body. */
  status?: number;
  response?: z.ZodType;
  /** What a success carries: JSON unless this says otherwise. */
  responseType?: ResponseType;
  /** The route sends a file (a `FileReply`) of one of these media types, with HTTP Range support. */
  fileTypes?: readonly string[];
  handle(input: { ctx: ApiContext; params: z.output<P>; query: z.output<Q>; body: z.output<B> }): unknown;
};

/** A route as the router and the OpenAPI document both see it: its contract, and `run` to serve it. */
export type ApiRoute = {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params: z.ZodType;
  query: z.ZodType;
  body: z.ZodType | undefined;
  status: number;
  response: z.ZodType | undefined;
  responseType: ResponseType;
  fileTypes: readonly string[];
  run(ctx: ApiContext): Promise<void>;
};

function authorize(ctx: ApiContext, access: Access): void {
  if (access === 'public') return;
  const principal = ctx.state.principal;
  if (!principal) throw new HuddleError('UNAUTHORIZED', 'log in as an admin or send an API key');
  const allowed = principal.kind === 'admin' || (access === 'operator' && principal.kind === 'apiKey');
  if (!allowed) {
    const needs = access === 'admin' ? 'an admin session' : 'an admin session or an API key';
    throw new HuddleError('FORBIDDEN', `this needs ${needs}`);
  }
}

/** Declares one REST route: access is checked, then params, query and body are validated before `handle`. */
export function defineRoute<P extends z.ZodType = Empty, Q extends z.ZodType = Empty, B extends z.ZodType = Empty>(
  spec: RouteSpec<P, Q, B>,
): ApiRoute {
  const params = spec.params ?? EMPTY;
  const query = spec.query ?? EMPTY;
  const status = spec.status ?? 200;
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    access: spec.access,
    params,
    query,
    body: spec.body,
    status,
    response: spec.response,
    responseType: spec.responseType ?? 'application/json',
    fileTypes: spec.fileTypes ?? [],
    async run(ctx) {
      authorize(ctx, spec.access);
      // A schema left out is EMPTY, and then its generic is Empty too: the casts only restate that.
      const result: unknown = await spec.handle({
        ctx,
        params: params.parse(ctx.params) as z.output<P>,
        query: query.parse(ctx.query) as z.output<Q>,
        body: (spec.body ?? EMPTY).parse(ctx.request.body ?? {}) as z.output<B>,
      });
      if (result instanceof FileReply) {
        ctx.status = result.status;
        ctx.body = result.body;
        return;
      }
      ctx.status = status;
      if (status !== 204) ctx.body = result;
    },
  };
}
