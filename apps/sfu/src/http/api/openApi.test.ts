import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { Services } from '../../services.js';
import { apiRouter, apiRoutes } from './apiRouter.js';
import { openApiDocument, openApiPath } from './openApi.js';

// Route factories only keep references to the services; no handler runs here.
const services = { config: loadConfig({}) } as Services;

describe('OpenAPI document', () => {
  it('lists exactly the routes the router serves', () => {
    const routes = apiRoutes(services);
    const router = apiRouter(services, routes);
    const served = router.stack
      .filter((layer) => layer.methods.length > 0)
      .flatMap((layer) =>
        layer.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => `${method} ${openApiPath(layer.path.replace(/^\/api\/v1/, ''))}`),
      );
    const documented = Object.entries(openApiDocument(routes).paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual([...documented].sort());
    expect(documented).toContain('GET /api/v1/openapi.json');
    expect(documented).toContain('POST /api/v1/rooms/{slug}/participants/{peerId}/kick');
  });

  it('documents path parameters, bodies, success statuses and security', () => {
    const document = openApiDocument(apiRoutes(services));
    const kick = document.paths['/api/v1/rooms/{slug}/participants/{peerId}/kick']?.post;
    expect(kick?.parameters.map((parameter) => [parameter.name, parameter.in, parameter.required])).toEqual([
      ['slug', 'path', true],
      ['peerId', 'path', true],
    ]);
    expect(kick?.requestBody).toBeDefined();
    expect(Object.keys(kick?.responses ?? {})).toEqual(['204', 'default']);
    expect(document.paths['/api/v1/rooms']?.post?.responses['201']).toBeDefined();
    expect(document.paths['/api/v1/auth/login']?.post?.security).toEqual([]);
    expect(document.paths['/api/v1/audit']?.get?.parameters.map((parameter) => parameter.name)).toEqual([
      'beforeId',
      'limit',
    ]);
  });
});
