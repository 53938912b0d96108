import type { AppErrorBody } from '../../../src-shared/errors';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_PREFIX,
  DEV_CA_ISSUE_PATH,
  DEV_CAPTCHA_PATH,
  DEV_SMS_PATH,
  HEALTH_PATH,
} from '../../../src-shared/api/routes';
import type { SmsMessage, SmsProvider } from '../../../src-server/sms/provider';
import { backends, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, freshPhone, knownCaptcha, login, ok, raw, smsCodeFor } from './api';

class RecordingSms implements SmsProvider {
  readonly name = 'recording';
  readonly isDevelopment = false;
  readonly sent: SmsMessage[] = [];
  failing = false;

  async send(message: SmsMessage): Promise<void> {
    if (this.failing) throw new Error('gateway timeout at sms.example.com:443');
    this.sent.push(message);
  }
}

describe.each(backends())('HTTP surface (%s)', (backend) => {
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, logStream: { write: (line) => void logLines.push(line) } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the health check after asking the database', async () => {
    expect(await raw(server, 'GET', HEALTH_PATH)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers unknown routes and wrong methods with a Chinese 404', async () => {
    const unknown = await raw(server, 'GET', `${API_PREFIX}/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: `接口不存在：GET ${API_PREFIX}/nope` });
    const wrongMethod = await raw(server, 'GET', `${API_PREFIX}/sessions/password`);
    expect(wrongMethod.status).toBe(404);
  });

  it('refuses bodies that are not JSON, too large, malformed or poisoned', async () => {
    const path = `${API_PREFIX}/sms/send`;
    const text = await raw(server, 'POST', path, { body: 'phone=13900000000', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const form = await raw(server, 'POST', path, {
      body: 'phone=13900000000',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);

    const malformed = await raw(server, 'POST', path, { body: '{"phone":', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('不是有效的 JSON');

    const huge = JSON.stringify({ phone: '1'.repeat(70 * 1024), purpose: 'register' });
    const tooLarge = await raw(server, 'POST', path, { body: huge, contentType: 'application/json' });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大，请精简后重试' });

    const poisoned = await raw(server, 'POST', path, {
      body: '{"phone":"13900000000","purpose":"register","__proto__":{"admin":true}}',
      contentType: 'application/json',
    });
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.code).toBe('VALIDATION');
    expect(poisoned.body.message).toBe('请求内容含有不允许的字段 __proto__，请去掉后重试');

    const array = await raw(server, 'POST', path, { body: '[1,2]', contentType: 'application/json' });
    expect(array.status).toBe(400);
    expect(array.body.code).toBe('VALIDATION');
  });

  it('refuses a JSON body that is not valid UTF-8, naming the field when it can', async () => {
    const post = async (body: Buffer) => {
      const response = await fetch(`${server.url}${API_PREFIX}/sms/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array(body),
      });
      return { status: response.status, body: (await response.json()) as AppErrorBody };
    };
    const named = await post(
      Buffer.concat([
        Buffer.from('{"purpose":"register","phone":"139'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    );
    expect(named.status).toBe(400);
    expect(named.body.code).toBe('VALIDATION');
    expect(named.body.message).toMatch(/^「phone」含有无效的字符编码，请求内容不是有效的 UTF-8/);
    expect(named.body.details?.fields?.[0]?.field).toBe('phone');
    const unnamed = await post(Buffer.concat([Buffer.from('{"phone":'), Buffer.from([0xc3])]));
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toBe('请求内容不是有效的 UTF-8，请以 UTF-8 编码提交');
  });

  it('keeps passwords, tokens and SMS codes out of the request logs', async () => {
    const phone = freshPhone();
    const smsCode = await smsCodeFor(server, phone, 'register');
    await ok(server, 'account.registerByPhone', {
      phone,
      smsCode,
      password: 'Secret123',
      confirmPassword: 'Secret123',
    });
    const { token } = await login(server, phone, 'Secret123');
    await ok(server, 'auth.me', {}, token);
    const requestLogs = logLines.filter((line) => !line.includes('开发短信'));
    expect(requestLogs.length).toBeGreaterThan(5);
    const joined = requestLogs.join('\n');
    expect(joined).not.toContain('Secret123');
    expect(joined).not.toContain(token);
    expect(joined).not.toContain(smsCode);
  });

  it('has the dev routes in development mode', async () => {
    const outbox = await raw(server, 'GET', `${DEV_SMS_PATH}?phone=${freshPhone()}`);
    expect(outbox).toEqual({ status: 200, body: { messages: [] } });
    const badPhone = await raw(server, 'GET', `${DEV_SMS_PATH}?phone=abc`);
    expect(badPhone.status).toBe(400);
  });
});

const PRODUCTION_SECRET = 'a-production-secret-of-at-least-32-characters';

describe.each(backends())('production mode (%s)', (backend) => {
  it('refuses to start with the dev SMS provider', async () => {
    await expect(
      startTestServer({ backend, dev: false, secret: PRODUCTION_SECRET, payments: null }),
    ).rejects.toThrow(/^生产模式缺少配置：短信通道（配置项 sms：开发短信只写日志/);
  });

  describe('with a real SMS provider', () => {
    let server: TestServer;
    const sms = new RecordingSms();
    const logLines: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({
        backend,
        dev: false,
        sms,
        secret: PRODUCTION_SECRET,
        payments: null,
        logStream: { write: (line) => void logLines.push(line) },
      });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('has no dev routes', async () => {
      expect((await raw(server, 'GET', `${DEV_SMS_PATH}?phone=13900000000`)).status).toBe(404);
      expect((await raw(server, 'GET', `${DEV_CAPTCHA_PATH}?captchaId=x`)).status).toBe(404);
      const issue = await raw(server, 'POST', DEV_CA_ISSUE_PATH, {
        body: '{}',
        contentType: 'application/json',
      });
      expect(issue.status).toBe(404);
    });

    it('hands codes to the provider, and says so plainly when it fails', async () => {
      const phone = freshPhone();
      const send = async (to: string) =>
        call(server, 'sms.send', {
          phone: to,
          purpose: 'register',
          ...(await knownCaptcha(server, PRODUCTION_SECRET)),
        });
      expect((await send(phone)).status).toBe(200);
      expect(sms.sent.at(-1)).toMatchObject({ phone, purpose: 'register', validMinutes: 5 });

      sms.failing = true;
      const failed = await send(freshPhone());
      expect(failed.status).toBe(503);
      expect(failed.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '短信发送失败，请稍后重试' });
      expect(JSON.stringify(failed.body)).not.toContain('gateway');
    });

    it('turns an unexpected failure into a 500 without stack or SQL', async () => {
      await server.db.execute(sql`drop table captchas`);
      const response = await fetch(`${server.url}${API_PREFIX}/captcha`, { method: 'POST' });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ code: 'SERVER_ERROR', message: '服务器内部错误，请稍后重试' });
      expect(text).not.toMatch(/captchas|relation|stack|at /);
      // The cause stays in the server's log, with its stack.
      const logged = logLines.findLast((line) => line.includes('request failed'));
      expect(logged).toMatch(/captchas/);
      expect(logged).toContain('"stack"');
    });
  });
});
