import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  captchas,
  loginThrottle,
  requestCounts,
  sessions,
  smsCodes,
} from '../../../src-server/db/schema';
import { DEFAULT_LIMITS } from '../../../src-server/limits';
import { purgeExpired } from '../../../src-server/services/housekeeping';
import { API_PREFIX, SESSION_EXPIRES_HEADER } from '../../../src-shared/api/routes';
import { backends, ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';
import {
  call,
  freshIdNumber,
  freshPhone,
  login,
  loginPassword,
  ok,
  raw,
  registerByPhone,
  RELAXED_LIMITS,
  sendSms,
  smsCodeFor,
} from './api';

describe.each(backends())('sessions and passwords (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function newAccount() {
    const phone = freshPhone();
    const accountId = await registerByPhone(server, phone);
    return { phone, accountId };
  }

  describe('sessions', () => {
    it('needs a bearer token on authenticated routes', async () => {
      const none = await call(server, 'auth.me', {});
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
      const unknown = await call(server, 'auth.me', {}, 'x'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('UNAUTHENTICATED');
      const malformed = await raw(server, 'GET', `${API_PREFIX}/me`, { token: '<script>' });
      expect(malformed.body.code).toBe('UNAUTHENTICATED');
    });

    it('ends after 8 hours without use', async () => {
      const { phone } = await newAccount();
      const session = await login(server, phone);
      clock.advance(7 * 3600);
      expect((await call(server, 'auth.me', {}, session.token)).status).toBe(200);
      clock.advance(7 * 3600); // 14 h after login, 7 h after last use
      expect((await call(server, 'auth.me', {}, session.token)).status).toBe(200);
      clock.advance(8 * 3600 + 1);
      const expired = await call(server, 'auth.me', {}, session.token);
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' });
    });

    it('slides with use: each answer says the new deadline, 8 hours after the last use', async () => {
      const { phone } = await newAccount();
      const session = await login(server, phone);
      const loginAt = clock.now().getTime();
      expect(Date.parse(session.expiresAt)).toBe(loginAt + 8 * 3600_000);
      clock.advance(6 * 3600);
      const used = await fetch(`${server.url}${API_PREFIX}/me`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      expect(used.status).toBe(200);
      const deadline = used.headers.get(SESSION_EXPIRES_HEADER);
      expect(deadline).toBe(new Date(loginAt + 14 * 3600_000).toISOString());
      clock.advance(7 * 3600 + 59 * 60); // 13 h 59 min after login: past login + 8 h, before the deadline
      expect((await call(server, 'auth.me', {}, session.token)).status).toBe(200);
      const anonymous = await fetch(`${server.url}${API_PREFIX}/captcha`, { method: 'POST' });
      expect(anonymous.headers.get(SESSION_EXPIRES_HEADER)).toBeNull();
    });

    it('ends 7 days after login however busy it is', async () => {
      const { phone } = await newAccount();
      const session = await login(server, phone);
      for (let hours = 0; hours < 7 * 24 - 6; hours += 6) {
        clock.advance(6 * 3600);
        expect((await call(server, 'auth.me', {}, session.token)).status).toBe(200);
      }
      clock.advance(6 * 3600);
      const expired = await call(server, 'auth.me', {}, session.token);
      expect(expired.body.code).toBe('SESSION_EXPIRED');
    });

    it('logs out only the current session', async () => {
      const { phone } = await newAccount();
      const first = await login(server, phone);
      const second = await login(server, phone);
      expect(await ok(server, 'auth.logout', {}, first.token)).toEqual({ ok: true });
      const after = await call(server, 'auth.me', {}, first.token);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
      expect((await call(server, 'auth.logout', {}, first.token)).status).toBe(401);
      expect((await call(server, 'auth.me', {}, second.token)).status).toBe(200);
    });
  });

  it('purges ended sessions, old SMS codes, expired captchas, stale throttle rows and old counts', async () => {
    const { phone } = await newAccount();
    const ended = await login(server, phone);
    await ok(server, 'auth.logout', {}, ended.token);
    const live = await login(server, phone);
    await ok(server, 'captcha.new', {});
    const stale = freshPhone();
    await loginPassword(server, stale, 'Wrong1234');
    for (let hours = 0; hours < 48; hours += 6) {
      clock.advance(6 * 3600);
      await ok(server, 'auth.me', {}, live.token);
    }
    clock.advance(60);
    const recent = freshPhone();
    await loginPassword(server, recent, 'Wrong1234');

    await purgeExpired(server.db, clock, { ...DEFAULT_LIMITS, ...RELAXED_LIMITS });
    const left = await server.db
      .select({ revokedAt: sessions.revokedAt })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(eq(accounts.phone, phone));
    expect(left).toEqual([{ revokedAt: null }]);
    expect(await server.db.select().from(smsCodes).where(eq(smsCodes.phone, phone))).toEqual([]);
    expect(await server.db.$count(captchas)).toBe(0);
    expect((await call(server, 'auth.me', {}, live.token)).status).toBe(200);
    const throttled = (await server.db.select().from(loginThrottle)).map((row) => row.subject);
    expect(throttled).toContain(`unknown:${recent}`);
    expect(throttled).not.toContain(`unknown:${stale}`);
    const windows = await server.db.select().from(requestCounts);
    expect(windows.length).toBeGreaterThan(0);
    const windowAgo = clock.now().getTime() - DEFAULT_LIMITS.captchaWindowSeconds * 1000;
    for (const row of windows) expect(row.windowStart.getTime()).toBeGreaterThanOrEqual(windowAgo);
  });

  describe('change password', () => {
    it('needs the old password, keeps this session and ends the others', async () => {
      const { phone } = await newAccount();
      const here = await login(server, phone);
      const elsewhere = await login(server, phone);

      const wrongOld = await call(
        server,
        'account.changePassword',
        { oldPassword: 'Nope1234', password: 'NewPass1', confirmPassword: 'NewPass1' },
        here.token,
      );
      expect(wrongOld.status).toBe(400);
      expect(wrongOld.body.details?.fields?.[0]?.field).toBe('oldPassword');
      expect(wrongOld.body.message).toBe('原密码不正确，还可尝试 4 次');

      const same = await call(
        server,
        'account.changePassword',
        { oldPassword: 'Passw0rd', password: 'Passw0rd', confirmPassword: 'Passw0rd' },
        here.token,
      );
      expect(same.body.details?.fields).toContainEqual({
        field: 'password',
        message: '新密码不能与旧密码相同',
      });

      await ok(
        server,
        'account.changePassword',
        { oldPassword: 'Passw0rd', password: 'NewPass1', confirmPassword: 'NewPass1' },
        here.token,
      );
      expect((await call(server, 'auth.me', {}, here.token)).status).toBe(200);
      const revoked = await call(server, 'auth.me', {}, elsewhere.token);
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe('UNAUTHENTICATED');
      expect((await loginPassword(server, phone, 'Passw0rd')).body.code).toBe('BAD_CREDENTIALS');
      await login(server, phone, 'NewPass1');
    });
  });

  describe('forgot password', () => {
    it('resets by phone and SMS code, ending every session and lifting a lock', async () => {
      const { phone } = await newAccount();
      const session = await login(server, phone);
      for (let i = 0; i < 5; i += 1) await loginPassword(server, phone, 'Wrong1234');
      expect((await loginPassword(server, phone, 'Passw0rd')).body.code).toBe('ACCOUNT_LOCKED');

      const smsCode = await smsCodeFor(server, phone, 'reset_password');
      await ok(server, 'auth.resetPasswordByPhone', {
        phone,
        smsCode,
        password: 'Reset123',
        confirmPassword: 'Reset123',
      });
      expect((await call(server, 'auth.me', {}, session.token)).status).toBe(401);
      await login(server, phone, 'Reset123');
    });

    it('answers a reset for an unregistered phone like one for a registered phone, and never resets', async () => {
      const { phone } = await newAccount();
      const unregistered = freshPhone();
      const known = await sendSms(server, phone, 'reset_password');
      expect(await sendSms(server, unregistered, 'reset_password')).toEqual(known);
      const code = await server.smsCode(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const form = { password: 'Reset123', confirmPassword: 'Reset123' };
      const guessedKnown = await call(server, 'auth.resetPasswordByPhone', {
        phone,
        smsCode: wrong,
        ...form,
      });
      const guessedUnknown = await call(server, 'auth.resetPasswordByPhone', {
        phone: unregistered,
        smsCode: wrong,
        ...form,
      });
      expect(guessedUnknown).toEqual(guessedKnown);
      expect(guessedKnown.body).toMatchObject({
        code: 'SMS_CODE_INVALID',
        message: '短信验证码不正确，还可尝试 4 次',
      });
      const byId = await call(server, 'auth.resetPasswordByIdNumber', {
        phone: unregistered,
        idNumber: freshIdNumber(),
        smsCode: code,
        ...form,
      });
      expect(byId.body.code).toBe('SMS_CODE_INVALID');
    });

    it('resets by ID number and the phone on file, and refuses a phone that is not on file', async () => {
      const { phone } = await newAccount();
      const idNumber = freshIdNumber();
      const session = await login(server, phone);
      await ok(server, 'profile.update', { version: 1, idNumber }, session.token);

      const other = await newAccount();
      const otherCode = await smsCodeFor(server, other.phone, 'reset_password');
      const mismatch = await call(server, 'auth.resetPasswordByIdNumber', {
        idNumber,
        phone: other.phone,
        smsCode: otherCode,
        password: 'Reset123',
        confirmPassword: 'Reset123',
      });
      expect(mismatch.status).toBe(404);
      expect(mismatch.body).toMatchObject({
        code: 'ACCOUNT_NOT_FOUND',
        message: '身份证号与预留手机号不匹配，请核对后重试',
      });

      const smsCode = await smsCodeFor(server, phone, 'reset_password');
      await ok(server, 'auth.resetPasswordByIdNumber', {
        idNumber: idNumber.toLowerCase(),
        phone,
        smsCode,
        password: 'Reset123',
        confirmPassword: 'Reset123',
      });
      await login(server, idNumber, 'Reset123');
      // The other account's code was not spent by the refused attempt.
      await ok(server, 'auth.resetPasswordByPhone', {
        phone: other.phone,
        smsCode: otherCode,
        password: 'Other123',
        confirmPassword: 'Other123',
      });
    });
  });
});
