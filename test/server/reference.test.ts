import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, it } from 'vitest';
import { allRoutes } from '../../src/server/routes/all-routes.js';
import { describeEachBackend } from '../support/store-backends.js';
import { at } from './support/json-path.js';
import { openTestService } from './support/test-service.js';

describeEachBackend('the API reference', (backend) => {
  it('serves an OpenAPI 3.1 document built from the route schemas, whose schemas compile and accept what the API accepts', async () => {
    const service = await openTestService(backend);
    const response = await service.client().get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.json as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: { 'application/json': { schema: object } } };
            responses: Record<string, unknown>;
          }
        >
      >;
      components: { schemas: Record<string, object> };
    };
    expect(document.openapi).toBe('3.1.0');
    for (const route of allRoutes()) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(operation?.responses ?? {})).toContain(String(route.status));
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    let compiled = 0;
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        const schema = operation.requestBody?.content['application/json'].schema;
        if (schema === undefined) continue;
        ajv.compile(schema);
        compiled += 1;
      }
    }
    expect(compiled).toBeGreaterThan(20);
    const draft =
      document.paths['/api/criteria']?.post?.requestBody?.content['application/json'].schema;
    const validate = ajv.compile(draft ?? {});
    expect(
      validate({
        title: 'A draft',
        declarations: { metrics: ['cyber.ctf.pass_at_12'] },
        tiers: { designate: [{ id: 'ctf', expression: 'cyber.ctf.pass_at_12 >= 0.25' }] },
      }),
    ).toBe(true);
    expect(validate({ title: 'A draft', declarations: {}, tiers: {}, extra: 1 })).toBe(false);
    expect(
      ajv.compile(document.components.schemas.Problem ?? {})(
        JSON.parse((await service.client().get('/api/nope')).text),
      ),
    ).toBe(true);
  });

  it('renders an offline reference page: no external script, style, font or image', async () => {
    const service = await openTestService(backend);
    const page = await service.client().get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain('/api/submissions/{submissionId}/withdraw');
    expect(page.text).toContain('application/problem+json');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(page.text).not.toMatch(/@import|url\(/i);
    const css = await service.client().get('/api/docs.css');
    expect(css.status).toBe(200);
    expect(css.text).not.toMatch(/url\(|@import|https?:/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(at(await service.client().get('/api/health'), 'status')).toBe('ok');
  });
});
