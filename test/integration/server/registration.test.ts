import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../src-server/db/schema';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import {
  call,
  freshIdNumber,
  freshPhone,
  login,
  ok,
  registerByPhone,
  RELAXED_LIMITS,
  sendSms,
  smsCodeFor,
  solvedCaptcha,
} from './api';

describe.each(backends())('registration (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function accountCount(): Promise<number> {
    const [row] = await server.db.select({ n: count() }).from(accounts);
    return row?.n ?? 0;
  }

  function idRegistration(overrides: Record<string, unknown> = {}) {
    return {
      name: '赵六',
      idNumber: freshIdNumber(),
      email: 'zhaoliu@example.com',
      password: 'Passw0rd',
      confirmPassword: 'Passw0rd',
      acceptTerms: true,
      ...overrides,
    };
  }

  describe('by phone', () => {
    it('creates the account without logging in, then the phone and password log in', async () => {
      const phone = freshPhone();
      const smsCode = await smsCodeFor(server, phone, 'register');
      const reply = await call(server, 'account.registerByPhone', {
        phone,
        smsCode,
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd',
      });
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body)).toEqual(['accountId']);
      const session = await login(server, phone);
      expect(session.user).toMatchObject({ id: reply.body.accountId, phone, roles: ['applicant'] });
    });

    it('says a phone is registered only after its code was entered, offering login', async () => {
      const phone = freshPhone();
      await registerByPhone(server, phone);
      const unregistered = freshPhone();
      const send = await sendSms(server, phone, 'register');
      expect(send).toEqual(await sendSms(server, unregistered, 'register'));
      expect(send.status).toBe(200);

      const code = await server.smsCode(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const form = { smsCode: wrong, password: 'Passw0rd', confirmPassword: 'Passw0rd' };
      const guessed = await call(server, 'account.registerByPhone', { phone, ...form });
      expect(guessed).toEqual(
        await call(server, 'account.registerByPhone', { phone: unregistered, ...form }),
      );
      expect(guessed.body.code).toBe('SMS_CODE_INVALID');

      const before = await accountCount();
      const again = await call(server, 'account.registerByPhone', { phone, ...form, smsCode: code });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'PHONE_TAKEN',
        message: '该手机号已注册，请直接登录',
        details: { offerLogin: true },
      });
      expect(await accountCount()).toBe(before);
    });

    it('refuses a wrong SMS code and creates nothing', async () => {
      const phone = freshPhone();
      const code = await smsCodeFor(server, phone, 'register');
      const before = await accountCount();
      const wrong = code === '000000' ? '111111' : '000000';
      const reply = await call(server, 'account.registerByPhone', {
        phone,
        smsCode: wrong,
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd',
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        code: 'SMS_CODE_INVALID',
        message: '短信验证码不正确，还可尝试 4 次',
      });
      expect(await accountCount()).toBe(before);
    });

    it('refuses a code sent for another purpose', async () => {
      const phone = freshPhone();
      const changePhoneCode = await smsCodeFor(server, phone, 'change_phone');
      const reply = await call(server, 'account.registerByPhone', {
        phone,
        smsCode: changePhoneCode,
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd',
      });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('SMS_CODE_INVALID');
    });

    it('names the field of a password that breaks the rule or does not match', async () => {
      const phone = freshPhone();
      const weak = await call(server, 'account.registerByPhone', {
        phone,
        smsCode: '123456',
        password: '12345678',
        confirmPassword: '12345678',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.details?.fields).toContainEqual({
        field: 'password',
        message: '密码为 6–30 位，须同时包含字母和数字',
      });
      const mismatch = await call(server, 'account.registerByPhone', {
        phone,
        smsCode: '123456',
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd2',
      });
      expect(mismatch.body.details?.fields).toContainEqual({
        field: 'confirmPassword',
        message: '确认密码：两次输入的密码不一致',
      });
    });
  });

  describe('by ID number', () => {
    it('creates an id_card account with birth date and gender taken from the number', async () => {
      const input = idRegistration({ idNumber: '11010519491231002x' });
      const reply = await call(server, 'account.registerByIdNumber', {
        ...input,
        ...(await solvedCaptcha(server)),
      });
      expect(reply.status).toBe(200);
      const session = await login(server, '11010519491231002X');
      const profile = await ok(server, 'profile.get', {}, session.token);
      expect(profile).toMatchObject({
        name: '赵六',
        email: 'zhaoliu@example.com',
        idType: 'id_card',
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        gender: 'female',
        phone: null,
        version: 1,
      });
    });

    it('refuses a wrong check digit naming the field, and creates nothing', async () => {
      const before = await accountCount();
      const valid = freshIdNumber();
      const wrongDigit = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
      const reply = await call(server, 'account.registerByIdNumber', {
        ...idRegistration({ idNumber: wrongDigit }),
        ...(await solvedCaptcha(server)),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('VALIDATION');
      expect(reply.body.message).toBe('身份证号校验位不正确');
      expect(reply.body.details?.fields).toEqual([{ field: 'idNumber', message: '身份证号校验位不正确' }]);
      expect(await accountCount()).toBe(before);
      const [row] = await server.db.select().from(accounts).where(eq(accounts.idNumber, wrongDigit));
      expect(row).toBeUndefined();
    });

    it('allows one account per ID number and offers login to the second', async () => {
      const idNumber = freshIdNumber();
      await ok(server, 'account.registerByIdNumber', {
        ...idRegistration({ idNumber }),
        ...(await solvedCaptcha(server)),
      });
      const before = await accountCount();
      const again = await call(server, 'account.registerByIdNumber', {
        ...idRegistration({ idNumber, name: '钱七' }),
        ...(await solvedCaptcha(server)),
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'ID_NUMBER_TAKEN',
        message: '该身份证号已注册，请直接登录',
        details: { offerLogin: true },
      });
      expect(await accountCount()).toBe(before);
    });

    it('checks the captcha first, and a captcha answers once only', async () => {
      const idNumber = freshIdNumber();
      const captcha = await solvedCaptcha(server);
      const wrong = await call(server, 'account.registerByIdNumber', {
        ...idRegistration({ idNumber }),
        captchaId: captcha.captchaId,
        captchaText: captcha.captchaText === 'abcd' ? 'efgh' : 'abcd',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({
        code: 'CAPTCHA_INVALID',
        message: '图片验证码不正确，请重新输入新的验证码',
      });
      const reused = await call(server, 'account.registerByIdNumber', {
        ...idRegistration({ idNumber }),
        ...captcha,
      });
      expect(reused.body).toMatchObject({
        code: 'CAPTCHA_INVALID',
        message: '图片验证码已失效，请点击图片换一张',
      });
      const [row] = await server.db.select().from(accounts).where(eq(accounts.idNumber, idNumber));
      expect(row).toBeUndefined();
    });

    it('accepts the captcha in any letter case', async () => {
      const captcha = await solvedCaptcha(server);
      const swapped = [...captcha.captchaText]
        .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
        .join('');
      const reply = await call(server, 'account.registerByIdNumber', {
        ...idRegistration(),
        captchaId: captcha.captchaId,
        captchaText: swapped,
      });
      expect(reply.status).toBe(200);
    });

    it('refuses an expired captcha with its own message', async () => {
      const captcha = await solvedCaptcha(server);
      clock.advance(5 * 60 + 1);
      const reply = await call(server, 'account.registerByIdNumber', { ...idRegistration(), ...captcha });
      expect(reply.body).toMatchObject({
        code: 'CAPTCHA_INVALID',
        message: '图片验证码已过期，请点击图片换一张',
      });
    });

    it('requires the terms to be accepted', async () => {
      const reply = await call(server, 'account.registerByIdNumber', {
        ...idRegistration({ acceptTerms: false }),
        ...(await solvedCaptcha(server)),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.details?.fields).toContainEqual({
        field: 'acceptTerms',
        message: '请阅读并同意服务条款和用户须知',
      });
    });
  });
});
