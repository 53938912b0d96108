import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_INVOICE_PATH, routePath } from '../../../src-shared/api/routes';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, ok, RELAXED_LIMITS } from './api';
import { payByTransfer, submitNewEnterprise } from './flows';
import { softKey } from './keys';

describe('e-invoice without a CJK font', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      demo: true,
      limits: RELAXED_LIMITS,
      cjkFont: { path: '/nonexistent/fonts/missing.ttc', family: 'Missing' },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the payment stands; the download says which font to install', async () => {
    const operator = (await login(server, DEMO_ACCOUNTS.operator.phone, DEMO_ACCOUNTS.operator.password))
      .token;
    const staff = (await login(server, DEMO_ACCOUNTS.staff.phone, DEMO_ACCOUNTS.staff.password)).token;
    const application = await submitNewEnterprise(server, operator, await softKey('EC'));
    const orderId = await payByTransfer(server, operator, staff, [application.id]);
    expect(await ok(server, 'orders.get', { id: orderId }, operator)).toMatchObject({
      state: 'paid',
      invoiceReady: false,
    });
    const response = await fetch(`${server.url}${routePath(ORDER_INVOICE_PATH, { id: orderId })}`, {
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.message).toMatch(/没有找到中文字体.*fonts-wqy-microhei.*--cjk-font/);
  });
});
