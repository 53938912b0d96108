import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, apiRoutes, UPLOADS_PATH, type ApiName } from '../../../src-shared/api/routes';
import {
  accounts,
  applications,
  applicationTransitions,
  blobs,
  boundCertificates,
  enterprises,
  issuedCertificates,
  orders,
  paymentNotifications,
  payments,
  sessions,
  smsCodes,
  uploads,
} from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { fieldLabel, WHOLE_INPUT_LABEL } from '../../../src-shared/fieldLabels';
import { uploadQuery } from '../../../src-shared/schemas/application';
import type { ErrorDetails } from '../../../src-shared/errors';
import type { z } from '../../../src-shared/zod';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, RELAXED_LIMITS } from './api';

/**
 * Every field of a refusal is named in its message by its schema's label (出生日期：…); a field the
 * schema does not have (a stray key, `__proto__`) by 请求内容, or by the `other` label given for it.
 */
function expectFieldsLabelled(
  schema: z.ZodType,
  details: ErrorDetails | undefined,
  other: Record<string, string> = {},
) {
  for (const { field, message } of details?.fields ?? []) {
    const label =
      fieldLabel(schema, field === '' ? [] : field.split('.')) ??
      (Object.hasOwn(other, field) ? other[field] : undefined) ??
      WHOLE_INPUT_LABEL;
    // A record key may itself hold a dot, so the joined path cannot tell where the key ends: only
    // the field and the opening of its key are compared then.
    const expected = label.replace(/「[^」]*」.*$/, '「');
    expect(message, `the message for ${field} names it`).toContain(expected);
  }
}

/** Bodies no client of ours would send: any JSON, right keys with wrong values, text, other types. */
function bodies(
  name: ApiName,
): fc.Arbitrary<{ body: string; contentType: string | undefined; parsed?: unknown }> {
  const keys = Object.keys((apiRoutes[name].input as unknown as { shape?: object }).shape ?? {});
  const wrongValue = fc.oneof(
    fc.jsonValue(),
    fc.string({ maxLength: 50 }),
    fc.string({ minLength: 2_000, maxLength: 6_000 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '13800000001',
      'Demo1234',
      '11010519491231002X',
      '<script>',
      "' or 1=1 --",
      'bind',
      'login',
      '00000000-0000-4000-8000-000000000000',
      'ecdsa-with-SHA256',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    ),
  );
  const withKeys = keys.length > 0 ? fc.dictionary(fc.constantFrom(...keys), wrongValue) : fc.object();
  const json = fc.oneof(fc.jsonValue(), withKeys).map((value) => ({
    body: JSON.stringify(value) ?? 'null',
    contentType: 'application/json',
    parsed: value,
  }));
  const notJson = fc.string({ minLength: 1 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
  return fc.oneof(
    { arbitrary: json, weight: 4 },
    { arbitrary: notJson.map((body) => ({ body, contentType: 'application/json' })), weight: 1 },
    {
      arbitrary: fc.record({
        body: fc.string(),
        contentType: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'image/png',
          undefined,
        ),
      }),
      weight: 1,
    },
  );
}

describe.each(backends())('random and malformed input to every route (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ backend, demo: true, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function counts() {
    const [a] = await server.db.select({ n: count() }).from(accounts);
    const [e] = await server.db.select({ n: count() }).from(enterprises);
    const [s] = await server.db.select({ n: count() }).from(sessions);
    const [c] = await server.db.select({ n: count() }).from(smsCodes);
    return {
      accounts: a?.n,
      enterprises: e?.n,
      sessions: s?.n,
      smsCodes: c?.n,
      issuedCertificates: await server.db.$count(issuedCertificates),
      boundCertificates: await server.db.$count(boundCertificates),
      applications: await server.db.$count(applications),
      transitions: await server.db.$count(applicationTransitions),
      uploads: await server.db.$count(uploads),
      blobs: await server.db.$count(blobs),
      orders: await server.db.$count(orders),
      payments: await server.db.$count(payments),
      paymentNotifications: await server.db.$count(paymentNotifications),
    };
  }

  it.each(Object.keys(apiRoutes) as ApiName[])(
    '%s answers 4xx with {code,message}, never 5xx',
    async (name) => {
      const route = apiRoutes[name];
      // A fresh session per route: a random body that logout accepts ends it.
      const { token } = await login(server, DEMO_ACCOUNTS.person.phone, DEMO_ACCOUNTS.person.password);
      const before = await counts();
      await fc.assert(
        fc.asyncProperty(bodies(name), fc.boolean(), async ({ body, contentType, parsed }, withToken) => {
          const headers: Record<string, string> = {};
          if (contentType) headers['content-type'] = contentType;
          if (withToken && route.auth) headers.authorization = `Bearer ${token}`;
          let url = `${server.url}${API_PREFIX}${route.path}`;
          const init: RequestInit = { method: route.method, headers };
          if (route.method === 'GET') url += `?q=${encodeURIComponent(body.slice(0, 500))}`;
          else init.body = body;

          const response = await fetch(url, init);
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          const accepted = parsed !== undefined && route.input.safeParse(parsed).success;
          if (!accepted && route.method !== 'GET') expect(response.status).toBeGreaterThanOrEqual(400);
          if (response.status >= 400) {
            const error = JSON.parse(text) as { code: unknown; message: unknown; details?: ErrorDetails };
            expect(typeof error.code).toBe('string');
            expect(typeof error.message).toBe('string');
            expect(text).not.toMatch(/"stack"|at .+\.ts:\d+|select |insert /);
            expectFieldsLabelled(route.input, error.details);
          }
        }),
        { numRuns: 40 },
      );
      const after = await counts();
      // Only the captcha and challenge routes accept random objects; nothing that creates records got through.
      expect(after).toEqual(before);
    },
  );

  it('POST /uploads answers random bytes and queries with 4xx and stores nothing', async () => {
    const { token } = await login(server, DEMO_ACCOUNTS.person.phone, DEMO_ACCOUNTS.person.password);
    const before = await counts();
    const query = fc.dictionary(
      fc.constantFrom('service', 'attachment', 'fileName', 'x'),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('cert.new.person', 'idCardFront', 'remittanceSlip', 'a.png', 'b.pdf'),
      ),
    );
    // Never a PNG, JPEG or PDF signature: nothing may be stored.
    const bytes = fc.uint8Array({ maxLength: 3_000 }).filter((b) => ![0x89, 0xff, 0x25].includes(b[0] ?? 0));
    await fc.assert(
      fc.asyncProperty(
        query,
        bytes,
        fc.constantFrom('application/octet-stream', 'image/png', 'application/json', 'text/plain', undefined),
        async (params, body, contentType) => {
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          if (contentType) headers['content-type'] = contentType;
          const response = await fetch(
            `${server.url}${UPLOADS_PATH}?${new URLSearchParams(params).toString()}`,
            {
              method: 'POST',
              headers,
              body: new Uint8Array(body),
            },
          );
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          const error = (await response.json()) as {
            code: unknown;
            message: unknown;
            details?: ErrorDetails;
          };
          expect(typeof error.code).toBe('string');
          expect(typeof error.message).toBe('string');
          expectFieldsLabelled(uploadQuery, error.details, { file: '文件' });
        },
      ),
      { numRuns: 60 },
    );
    expect(await counts()).toEqual(before);
  });
});
