import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, freshPhone, solvedCaptcha } from './api';

const sendFrom = async (server: TestServer, clientIp: string) =>
  call(
    server,
    'sms.send',
    { phone: freshPhone(), purpose: 'register', ...(await solvedCaptcha(server)) },
    undefined,
    { 'x-forwarded-for': clientIp },
  );

describe.each(backends())('client IP for the rate limits (%s)', (backend) => {
  describe('behind one trusted proxy hop', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, trustProxy: 1, limits: { smsDailyPerIp: 1 } });
    });
    afterAll(() => server?.close());

    it('counts the address X-Forwarded-For names', async () => {
      expect((await sendFrom(server, '203.0.113.7')).status).toBe(200);
      expect((await sendFrom(server, '203.0.113.8')).status).toBe(200);
      const again = await sendFrom(server, '203.0.113.7');
      expect(again.status).toBe(429);
      expect(again.body.message).toContain('当前网络今日获取验证码的次数已达上限');
    });
  });

  describe('without trust-proxy', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, limits: { smsDailyPerIp: 1 } });
    });
    afterAll(() => server?.close());

    it('ignores the header: every request is the socket address', async () => {
      expect((await sendFrom(server, '203.0.113.7')).status).toBe(200);
      const second = await sendFrom(server, '203.0.113.8');
      expect(second.status).toBe(429);
      expect(second.body.message).toContain('当前网络今日获取验证码的次数已达上限');
    });
  });
});
