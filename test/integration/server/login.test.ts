import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { creditCodeProblem } from '../../../src-shared/rules/creditCode';
import { idNumberProblem } from '../../../src-shared/rules/idNumber';
import { accounts, enterprises, smsCodes } from '../../../src-server/db/schema';
import { hashPassword } from '../../../src-server/services/passwords';
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
  sendSms,
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

  it('answers SMS login for an unregistered phone exactly like a wrong code for a registered one', async () => {
    const registered = freshPhone();
    await registerByPhone(server, registered);
    const unregistered = freshPhone();
    const sentKnown = await sendSms(server, registered, 'login');
    const sentUnknown = await sendSms(server, unregistered, 'login');
    expect(sentUnknown).toEqual(sentKnown);
    const code = await server.smsCode(registered);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left -= 1) {
      const known = await call(server, 'auth.loginSms', { phone: registered, smsCode: wrong });
      const unknown = await call(server, 'auth.loginSms', { phone: unregistered, smsCode: wrong });
      expect(unknown).toEqual(known);
      expect(known).toMatchObject({
        status: 400,
        body: { code: 'SMS_CODE_INVALID', message: `短信验证码不正确，还可尝试 ${left} 次` },
      });
    }
    // No code ever reached the unregistered phone, so none of the million works.
    await expect(server.smsCode(unregistered)).rejects.toThrow('no SMS was sent');
    const never = await call(server, 'auth.loginSms', { phone: freshPhone(), smsCode: code });
    expect(never.body).toEqual(
      (await call(server, 'auth.loginSms', { phone: freshPhone(), smsCode: code })).body,
    );
    expect(never.body.code).toBe('SMS_CODE_INVALID');
  });

  it('counts 200 parallel wrong SMS codes as at most the 5 tries a code has', async () => {
    const phone = freshPhone();
    await registerByPhone(server, phone);
    const code = await smsCodeFor(server, phone, 'login');
    const wrong = code === '000000' ? '111111' : '000000';
    const replies = await Promise.all(
      Array.from({ length: 200 }, () => call(server, 'auth.loginSms', { phone, smsCode: wrong })),
    );
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([400]));
    const messages = replies.map((reply) => reply.body.message);
    expect(messages.filter((message) => message.includes('还可尝试')).sort()).toEqual(
      [1, 2, 3, 4].map((left) => `短信验证码不正确，还可尝试 ${left} 次`),
    );
    const [row] = await server.db
      .select({ attempts: smsCodes.attempts })
      .from(smsCodes)
      .where(and(eq(smsCodes.phone, phone), eq(smsCodes.purpose, 'login')));
    expect(row?.attempts).toBe(5);
    const right = await call(server, 'auth.loginSms', { phone, smsCode: code });
    expect(right.body.message).toBe('短信验证码错误次数过多，请重新获取');
  });

  it('rejects an account that is neither a phone nor an ID number, naming the field', async () => {
    const reply = await call(server, 'auth.loginPassword', {
      account: 'admin',
      password: 'x',
      ...(await solvedCaptcha(server)),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.fields).toEqual([
      { field: 'account', message: '账号：请输入 11 位手机号或 18 位身份证号' },
    ]);
  });
});

describe.each(backends())('login at production cost, failures per IP (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      clock,
      limits: { ipMaxFailures: 3, ipFailureWindowSeconds: 600 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function storedHash(phone: string): Promise<string> {
    const [row] = await server.db.select().from(accounts).where(eq(accounts.phone, phone));
    return row!.passwordHash;
  }

  it('hashes passwords with scrypt N=2^17, and redoes an older, cheaper hash at login', async () => {
    const phone = freshPhone();
    await registerByPhone(server, phone);
    expect(await storedHash(phone)).toMatch(/^scrypt\$131072\$8\$1\$/);

    await server.db
      .update(accounts)
      .set({ passwordHash: await hashPassword('Passw0rd', 15) })
      .where(eq(accounts.phone, phone));
    expect(await storedHash(phone)).toMatch(/^scrypt\$32768\$8\$1\$/);
    await login(server, phone);
    expect(await storedHash(phone)).toMatch(/^scrypt\$131072\$8\$1\$/);
    await login(server, phone);
  });

  it('counts wrong SMS codes toward the per-IP limit, as wrong passwords', async () => {
    clock.advance(601);
    const phone = freshPhone();
    await registerByPhone(server, phone);
    clock.advance(61); // this server keeps the resend wait
    const code = await smsCodeFor(server, phone, 'login');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 2; i += 1) {
      expect((await call(server, 'auth.loginSms', { phone, smsCode: wrong })).body.code).toBe(
        'SMS_CODE_INVALID',
      );
    }
    expect((await loginPassword(server, phone, 'Wrong1234')).body.code).toBe('BAD_CREDENTIALS');
    const limited = await call(server, 'auth.loginSms', { phone, smsCode: code });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    clock.advance(601);
    const fresh = await smsCodeFor(server, phone, 'login');
    expect((await call(server, 'auth.loginSms', { phone, smsCode: fresh })).status).toBe(200);
  });

  it('refuses further tries from an IP with too many failures, across accounts', async () => {
    clock.advance(601);
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
