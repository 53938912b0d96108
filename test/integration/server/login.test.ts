import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { creditCodeProblem } from '../../../src-shared/rules/creditCode';
import { idNumberProblem } from '../../../src-shared/rules/idNumber';
import { accounts, enterprises } from '../../../src-server/db/schema';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { seedDemo } from '../../../src-server/seed/seedDemo';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import {
  call,
  freshIdNumber,
  freshPhone,
  login,
  loginPassword,
  ok,
  registerByPhone,
  RELAXED_LIMITS,
  smsCodeFor,
  solvedCaptcha,
} from './api';

describe.each(backends())('login (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock('2025-03-10T06:00:00Z');

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, demo: true, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
  });

  const { person, operator, staff } = DEMO_ACCOUNTS;

  it('logs the demo accounts in by phone and by ID number', async () => {
    const byPhone = await login(server, person.phone, person.password);
    expect(byPhone.user).toEqual({
      id: expect.any(String),
      name: '张三',
      phone: person.phone,
      idNumber: person.idNumber,
      roles: ['applicant'],
      enterpriseName: null,
    });
    expect(byPhone.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const byIdNumber = await login(server, person.idNumber.toLowerCase(), person.password);
    expect(byIdNumber.user.id).toBe(byPhone.user.id);
    expect(byIdNumber.token).not.toBe(byPhone.token);

    const op = await login(server, operator.phone, operator.password);
    expect(op.user).toMatchObject({
      roles: ['applicant', 'enterprise_operator'],
      enterpriseName: '福建省示例科技有限公司',
    });
    const staffSession = await login(server, staff.phone, staff.password);
    expect(staffSession.user.roles).toEqual(['reviewer', 'finance', 'issuer']);
  });

  it('seeds the demo data once, valid by the shared rules', async () => {
    await seedDemo(server.db, clock.now());
    const demoPhones = Object.values(DEMO_ACCOUNTS).map((demo) => demo.phone);
    expect(await server.db.$count(accounts, inArray(accounts.phone, demoPhones))).toBe(3);
    expect(await server.db.$count(enterprises)).toBe(1);
    for (const demo of Object.values(DEMO_ACCOUNTS)) expect(idNumberProblem(demo.idNumber)).toBeNull();
    expect(creditCodeProblem(DEMO_ENTERPRISE.creditCode)).toBeNull();
  });

  it('checks the captcha before the password, and uses it up either way', async () => {
    const captcha = await solvedCaptcha(server);
    const wrongCaptcha = await call(server, 'auth.loginPassword', {
      account: person.phone,
      password: person.password,
      captchaId: captcha.captchaId,
      captchaText: `${captcha.captchaText}x`,
    });
    expect(wrongCaptcha.status).toBe(400);
    expect(wrongCaptcha.body.code).toBe('CAPTCHA_INVALID');
    const reused = await call(server, 'auth.loginPassword', {
      account: person.phone,
      password: person.password,
      ...captcha,
    });
    expect(reused.body).toMatchObject({
      code: 'CAPTCHA_INVALID',
      message: '图片验证码已失效，请点击图片换一张',
    });

    const good = await solvedCaptcha(server);
    expect(
      (
        await call(server, 'auth.loginPassword', {
          account: person.phone,
          password: person.password,
          ...good,
        })
      ).status,
    ).toBe(200);
    const replay = await call(server, 'auth.loginPassword', {
      account: person.phone,
      password: person.password,
      ...good,
    });
    expect(replay.body.code).toBe('CAPTCHA_INVALID');
  });

  it('says how many tries are left, for known and unknown accounts alike', async () => {
    const phone = freshPhone();
    await registerByPhone(server, phone);
    const known = await loginPassword(server, phone, 'Wrong1234');
    expect(known.status).toBe(401);
    expect(known.body).toMatchObject({ code: 'BAD_CREDENTIALS', message: '账号或密码错误，还可尝试 4 次' });
    const unknown = await loginPassword(server, freshPhone(), 'Wrong1234');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: 'BAD_CREDENTIALS', message: '账号或密码错误，还可尝试 4 次' });
    const unknownId = await loginPassword(server, freshIdNumber(), 'Wrong1234');
    expect(unknownId.body.message).toBe('账号或密码错误，还可尝试 4 次');
    // A success resets the count.
    await login(server, phone);
    const again = await loginPassword(server, phone, 'Wrong1234');
    expect(again.body.message).toBe('账号或密码错误，还可尝试 4 次');
  });

  it('locks an account for 15 minutes after 5 wrong passwords, saying until when in Beijing time', async () => {
    clock.set('2025-03-11T06:20:00Z'); // 14:20 in Beijing
    const phone = freshPhone();
    await registerByPhone(server, phone);
    for (let left = 4; left >= 1; left -= 1) {
      const reply = await loginPassword(server, phone, 'Wrong1234');
      expect(reply.body.message).toBe(`账号或密码错误，还可尝试 ${left} 次`);
    }
    const fifth = await loginPassword(server, phone, 'Wrong1234');
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.message).toContain('账号已临时锁定，请于 14:35 后再试');
    expect(fifth.body.details?.retryAfterSeconds).toBe(900);

    clock.advance(10 * 60);
    const rightButLocked = await loginPassword(server, phone, 'Passw0rd');
    expect(rightButLocked.status).toBe(423);
    expect(rightButLocked.body.details?.retryAfterSeconds).toBe(300);

    clock.advance(5 * 60 + 1);
    const session = await login(server, phone);
    expect(session.user.phone).toBe(phone);
  });

  it('logs in by phone and SMS code, once per code', async () => {
    const phone = freshPhone();
    const accountId = await registerByPhone(server, phone);
    const smsCode = await smsCodeFor(server, phone, 'login');
    const session = await ok(server, 'auth.loginSms', { phone, smsCode });
    expect(session.user.id).toBe(accountId);
    const again = await call(server, 'auth.loginSms', { phone, smsCode });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('SMS_CODE_INVALID');
  });

  it('refuses SMS login for a phone nobody registered', async () => {
    const phone = freshPhone();
    const send = await call(server, 'sms.send', { phone, purpose: 'login' });
    expect(send.status).toBe(404);
    expect(send.body).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: '该手机号未注册，请先注册' });
    const login = await call(server, 'auth.loginSms', { phone, smsCode: '123456' });
    expect(login.body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('rejects an account that is neither a phone nor an ID number, naming the field', async () => {
    const reply = await call(server, 'auth.loginPassword', {
      account: 'admin',
      password: 'x',
      ...(await solvedCaptcha(server)),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.fields).toEqual([
      { field: 'account', message: '请输入 11 位手机号或 18 位身份证号' },
    ]);
  });
});

describe.each(backends())('login failures per IP (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      clock: new ManualClock(),
      limits: { ipMaxFailures: 3, ipFailureWindowSeconds: 600 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses further tries from an IP with too many failures, across accounts', async () => {
    for (let i = 0; i < 3; i += 1) {
      const reply = await loginPassword(server, freshPhone(), 'Wrong1234');
      expect(reply.body.code).toBe('BAD_CREDENTIALS');
    }
    const limited = await loginPassword(server, freshPhone(), 'Wrong1234');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      code: 'RATE_LIMITED',
      message: '当前网络登录失败次数过多，请 10 分钟后再试',
      details: { retryAfterSeconds: 600 },
    });
  });
});
