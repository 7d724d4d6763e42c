import { errorBodySchema } from '@huddle/shared';
import { z } from 'zod';
import { HUDDLE_VERSION } from '../../version.js';
import type { ApiRoute, ResponseType } from './route.js';

export const API_PREFIX = '/api/v1';

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Content = Partial<Record<string, { schema: JsonSchema }>>;
type Parameter = { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema };
type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters: Parameter[];
  requestBody?: { required: true; content: Content };
  responses: Record<string, { description: string; content?: Content }>;
};
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string };
  components: { securitySchemes: Record<string, object> };
  paths: Record<string, Record<string, Operation>>;
};

/** `/rooms/:slug` → `/api/v1/rooms/{slug}`. */
export function openApiPath(koaPath: string): string {
  return `${API_PREFIX}${koaPath.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

function parameters(schema: z.ZodType, where: 'path' | 'query'): Parameter[] {
  const json = z.toJSONSchema(schema, { io: 'input' });
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: typeof property === 'boolean' ? {} : property,
  }));
}

function content(schema: z.ZodType, io: 'input' | 'output', type: ResponseType = 'application/json'): Content {
  return { [type]: { schema: z.toJSONSchema(schema, { io }) } };
}

function operation(route: ApiRoute): Operation {
  const success = route.status === 204 ? 'No content' : route.status === 201 ? 'Created' : 'OK';
  const error = {
    description: 'Error: { error: { code, message, details } }',
    content: content(z.object({ error: errorBodySchema }), 'output'),
  };
  return {
    operationId: `${route.method}${route.path.replace(/[/:-](\w)/g, (_match, letter: string) => letter.toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body ? { requestBody: { required: true, content: content(route.body, 'input') } } : {}),
    responses: {
      [String(route.status)]: {
        description: route.fileTypes.length > 0 ? 'The file (206 with the asked part for a Range request)' : success,
        ...(route.response ? { content: content(route.response, 'output', route.responseType) } : {}),
        ...(route.fileTypes.length > 0
          ? {
              content: Object.fromEntries(
                route.fileTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
              ),
            }
          : {}),
      },
      default: error,
    },
  };
}

/** The OpenAPI 3.1 document of the REST API, built from the same route table the router serves. */
export function openApiDocument(routes: readonly ApiRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Huddle control plane', version: HUDDLE_VERSION },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an admin session token or an API key (hk_…)' },
        session: { type: 'apiKey', in: 'cookie', name: 'huddle_session' },
      },
    },
    paths,
  };
}
