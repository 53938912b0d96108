import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PAY_PATH } from '../../../src-shared/api/routes';
import type { SmsProvider } from '../../../src-server/sms/provider';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, ok, RELAXED_LIMITS } from './api';
import { ORDER_DETAILS } from './fixtures';
import { submitRenewal } from './flows';
import { softKey } from './keys';

const pagePath = (paymentId: string) => SANDBOX_PAY_PATH.replace(':paymentId', paymentId);

describe.each(backends())('sandbox pay page (%s)', (backend) => {
  let server: TestServer;
  let operator: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, demo: true, limits: RELAXED_LIMITS });
    operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password)).token;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows the order and amount in Chinese; 确认支付 pays through the signed callback', async () => {
    const renewal = await submitRenewal(server, operator, await softKey('EC'), await softKey('EC'));
    const placed = await ok(
      server,
      'orders.create',
      { applicationIds: [renewal.id], paymentMethod: 'online', ...ORDER_DETAILS },
      operator,
    );
    const started = await ok(server, 'orders.startPayment', { id: placed.id }, operator);
    expect(started.payUrl).toBe(pagePath(started.paymentId));

    const page = await fetch(`${server.url}${started.payUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/);
    const html = await page.text();
    expect(html).toContain('在线支付');
    expect(html).toContain('沙箱环境');
    expect(html).toContain(`<dt>订单号</dt><dd data-order-number>${placed.number}</dd>`);
    expect(html).not.toContain(placed.id);
    expect(html).toContain('¥300.00');
    expect(html).toContain('确认支付');

    // What the button does: POST to the same path, which delivers the signed callback.
    const paid = await fetch(`${server.url}${started.payUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliver: true }),
    });
    expect(paid.status).toBe(200);
    expect(await ok(server, 'orders.get', { id: placed.id }, operator)).toMatchObject({
      state: 'paid',
      invoiceReady: true,
    });

    const again = await (await fetch(`${server.url}${started.payUrl}`)).text();
    expect(again).toContain('该笔支付已完成');
    expect(again).not.toContain('id="pay"');
  });

  it('answers an unknown payment with a Chinese 404, and a malformed id with 400', async () => {
    const missing = await fetch(`${server.url}${pagePath('7b0c1f7e-0000-4000-8000-000000000000')}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toContain('支付记录');
    expect((await fetch(`${server.url}${pagePath('nope')}`)).status).toBe(400);
  });
});

describe.each(backends())('sandbox pay page in production mode (%s)', (backend) => {
  const sms: SmsProvider = { name: 'quiet', isDevelopment: false, send: async () => undefined };
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      dev: false,
      sms,
      secret: 'a-production-secret-of-at-least-32-characters',
      payments: null,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is not served', async () => {
    const path = pagePath('7b0c1f7e-0000-4000-8000-000000000000');
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    const post = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
  });
});
