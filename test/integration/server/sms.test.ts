import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, DEV_SMS_PATH, type DevSms } from '../../../src-shared/api/routes';
import { smsCodes } from '../../../src-server/db/schema';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import { call, freshPhone, ok, raw, sendSms, solvedCaptcha } from './api';

describe.each(backends())('SMS codes (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock();
  let day = 0;

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      clock,
      limits: { smsDailyPerPhone: 3, smsDailyPerIp: 5, captchaPerIp: 20 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Each test starts on a new Beijing calendar day (10:00), so the daily caps start from zero. */
  function newDay(): void {
    day += 1;
    clock.set(new Date(Date.UTC(2025, 4, day, 2, 0, 0)));
  }

  function register(phone: string, smsCode: string) {
    return call(server, 'account.registerByPhone', {
      phone,
      smsCode,
      password: 'Passw0rd',
      confirmPassword: 'Passw0rd',
    });
  }

  it('sends a 6-digit code, stores only its hash, and shows it in the dev outbox newest first', async () => {
    newDay();
    const phone = freshPhone();
    expect(
      await ok(server, 'sms.send', { phone, purpose: 'register', ...(await solvedCaptcha(server)) }),
    ).toEqual({
      resendAfterSeconds: 60,
      expiresInSeconds: 300,
    });
    clock.advance(61);
    await ok(server, 'sms.send', { phone, purpose: 'register', ...(await solvedCaptcha(server)) });
    const outbox = await raw(server, 'GET', `${DEV_SMS_PATH}?phone=${phone}`);
    const messages = outbox.body.messages as DevSms[];
    expect(messages).toHaveLength(2);
    expect(messages[0]!.sentAt > messages[1]!.sentAt).toBe(true);
    expect(messages[0]).toMatchObject({ phone, purpose: 'register', code: expect.stringMatching(/^\d{6}$/) });
    const rows = await server.db.select().from(smsCodes).where(eq(smsCodes.phone, phone));
    for (const row of rows) expect(row.codeHash).not.toContain(messages[0]!.code);
  });

  it('makes a phone wait 60 seconds between codes', async () => {
    newDay();
    const phone = freshPhone();
    await ok(server, 'sms.send', { phone, purpose: 'register', ...(await solvedCaptcha(server)) });
    const response = await fetch(`${server.url}${API_PREFIX}/sms/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, purpose: 'register', ...(await solvedCaptcha(server)) }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual({
      code: 'SMS_RATE_LIMITED',
      message: '请 60 秒后再获取验证码',
      details: { retryAfterSeconds: 60 },
    });
    clock.advance(45);
    const later = await sendSms(server, phone, 'register');
    expect(later.body.message).toBe('请 15 秒后再获取验证码');
    clock.advance(15);
    expect((await sendSms(server, phone, 'register')).status).toBe(200);
  });

  it('caps codes per phone per day, until Beijing midnight', async () => {
    newDay();
    const phone = freshPhone();
    for (let i = 0; i < 3; i += 1) {
      await ok(server, 'sms.send', { phone, purpose: 'register', ...(await solvedCaptcha(server)) });
      clock.advance(61);
    }
    const capped = await sendSms(server, phone, 'register');
    expect(capped.status).toBe(429);
    expect(capped.body.message).toBe('该手机号今日获取验证码的次数已达上限，请明天再试');
    // 10:03:03 Beijing → midnight is 13 h 56 min 57 s away.
    expect(capped.body.details?.retryAfterSeconds).toBe(14 * 3600 - 3 * 61);
    newDay();
    expect((await sendSms(server, phone, 'register')).status).toBe(200);
  });

  it('caps codes per IP per day, across phones', async () => {
    newDay();
    for (let i = 0; i < 5; i += 1)
      await ok(server, 'sms.send', {
        phone: freshPhone(),
        purpose: 'register',
        ...(await solvedCaptcha(server)),
      });
    const capped = await sendSms(server, freshPhone(), 'register');
    expect(capped.status).toBe(429);
    expect(capped.body.message).toBe('当前网络今日获取验证码的次数已达上限，请明天再试');
  });

  it('expires a code after 5 minutes', async () => {
    newDay();
    const phone = freshPhone();
    const code = await sendAndRead(phone);
    clock.advance(301);
    const reply = await register(phone, code);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'SMS_CODE_INVALID', message: '短信验证码已过期，请重新获取' });
    expect(reply.body.details?.fields).toEqual([
      { field: 'smsCode', message: '短信验证码已过期，请重新获取' },
    ]);
  });

  it('voids a code after 5 wrong entries', async () => {
    newDay();
    const phone = freshPhone();
    const code = await sendAndRead(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left -= 1) {
      expect((await register(phone, wrong)).body.message).toBe(`短信验证码不正确，还可尝试 ${left} 次`);
    }
    expect((await register(phone, wrong)).body.message).toBe('短信验证码错误次数过多，请重新获取');
    expect((await register(phone, code)).body.message).toBe('短信验证码错误次数过多，请重新获取');
  });

  it('replaces an older code with the newer one', async () => {
    newDay();
    const phone = freshPhone();
    const first = await sendAndRead(phone);
    clock.advance(61);
    const second = await sendAndRead(phone);
    if (first !== second) expect((await register(phone, first)).body.code).toBe('SMS_CODE_INVALID');
    expect((await register(phone, second)).status).toBe(200);
  });

  it('refuses an unknown purpose and a malformed phone, naming the field', async () => {
    const purpose = await call(server, 'sms.send', {
      phone: freshPhone(),
      purpose: 'spam',
      ...(await solvedCaptcha(server)),
    });
    expect(purpose.status).toBe(400);
    expect(purpose.body.details?.fields).toEqual([{ field: 'purpose', message: '短信用途不正确' }]);
    const phone = await call(server, 'sms.send', {
      phone: '12345',
      purpose: 'register',
      ...(await solvedCaptcha(server)),
    });
    expect(phone.body.details?.fields).toEqual([{ field: 'phone', message: '请输入正确的 11 位手机号' }]);
  });

  async function outbox(phone: string): Promise<DevSms[]> {
    return (await raw(server, 'GET', `${DEV_SMS_PATH}?phone=${phone}`)).body.messages as DevSms[];
  }

  it('sends nothing without a solved image captcha, and a captcha answers one send only', async () => {
    newDay();
    const phone = freshPhone();
    const none = await call(server, 'sms.send', { phone, purpose: 'register' });
    expect(none.status).toBe(400);
    expect(none.body.details?.fields?.map((f) => f.field)).toEqual(['captchaId', 'captchaText']);

    const captcha = await solvedCaptcha(server);
    const wrong = await call(server, 'sms.send', {
      phone,
      purpose: 'register',
      captchaId: captcha.captchaId,
      captchaText: captcha.captchaText === 'abcd' ? 'efgh' : 'abcd',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      code: 'CAPTCHA_INVALID',
      message: '图片验证码不正确，请重新输入新的验证码',
    });
    const reused = await call(server, 'sms.send', { phone, purpose: 'register', ...captcha });
    expect(reused.body.code).toBe('CAPTCHA_INVALID');
    expect(await outbox(phone)).toEqual([]);
    expect(await server.db.$count(smsCodes, eq(smsCodes.phone, phone))).toBe(0);

    const good = await solvedCaptcha(server);
    expect((await call(server, 'sms.send', { phone, purpose: 'register', ...good })).status).toBe(200);
    clock.advance(61);
    expect((await call(server, 'sms.send', { phone, purpose: 'register', ...good })).body.code).toBe(
      'CAPTCHA_INVALID',
    );
    expect(await outbox(phone)).toHaveLength(1);
  });

  it('answers a registered and an unregistered phone alike, for every purpose', async () => {
    newDay();
    const registered = freshPhone();
    expect((await register(registered, await sendAndRead(registered))).status).toBe(200);
    for (const purpose of ['login', 'reset_password', 'register', 'change_phone'] as const) {
      newDay(); // the daily caps of this file are small
      const unregistered = freshPhone();
      const known = await sendSms(server, registered, purpose);
      const unknown = await sendSms(server, unregistered, purpose);
      expect({ purpose, status: unknown.status, body: unknown.body }).toEqual({
        purpose,
        status: known.status,
        body: known.body,
      });
      expect(known.status).toBe(200);
      // Right away again: the same wait for both.
      const knownAgain = await sendSms(server, registered, purpose);
      const unknownAgain = await sendSms(server, unregistered, purpose);
      expect(unknownAgain.status).toBe(429);
      expect(unknownAgain.body).toEqual(knownAgain.body);
      // Login and reset codes only reach phones of accounts.
      const delivered = purpose === 'register' || purpose === 'change_phone';
      expect((await outbox(unregistered)).length).toBe(delivered ? 1 : 0);
    }
  });

  it('limits image captchas per IP within a 10-minute window', async () => {
    newDay(); // 10:00 Beijing: a window starts
    for (let i = 0; i < 20; i += 1) await ok(server, 'captcha.new', {});
    const limited = await call(server, 'captcha.new', {});
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      code: 'RATE_LIMITED',
      message: '获取图片验证码过于频繁，请 10 分钟后再试',
      details: { retryAfterSeconds: 600 },
    });
    clock.advance(600);
    expect((await call(server, 'captcha.new', {})).status).toBe(200);
  });

  async function sendAndRead(phone: string): Promise<string> {
    await ok(server, 'sms.send', { phone, purpose: 'register', ...(await solvedCaptcha(server)) });
    return server.smsCode(phone);
  }
});
