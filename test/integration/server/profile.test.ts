import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../../src-server/db/schema';
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

describe.each(backends())('profile (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock();

  beforeAll(async () => {
    server = await startTestServer({ backend, clock, limits: RELAXED_LIMITS });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function phoneAccount() {
    const phone = freshPhone();
    const accountId = await registerByPhone(server, phone);
    const { token } = await login(server, phone);
    return { phone, accountId, token };
  }

  async function changeSeqOf(accountId: string): Promise<number> {
    const [row] = await server.db.select().from(accounts).where(eq(accounts.id, accountId));
    return row!.changeSeq;
  }

  it('edits the own profile from the version seen, bumping version and change sequence', async () => {
    const { phone, accountId, token } = await phoneAccount();
    const before = await ok(server, 'profile.get', {}, token);
    expect(before).toMatchObject({
      id: accountId,
      phone,
      name: null,
      idNumber: null,
      version: 1,
      address: '',
    });
    const seqBefore = await changeSeqOf(accountId);
    clock.advance(60);

    const after = await ok(
      server,
      'profile.update',
      { version: 1, name: '孙八', email: 'sunba@example.com', address: '福州市鼓楼区', postalCode: '350001' },
      token,
    );
    expect(after).toMatchObject({
      name: '孙八',
      email: 'sunba@example.com',
      postalCode: '350001',
      version: 2,
    });
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(await changeSeqOf(accountId)).toBeGreaterThan(seqBefore);
    expect(await ok(server, 'profile.get', {}, token)).toEqual(after);
  });

  it('refuses a stale version and changes nothing', async () => {
    const { token } = await phoneAccount();
    await ok(server, 'profile.update', { version: 1, name: '周九' }, token);
    const stale = await call(server, 'profile.update', { version: 1, name: '吴十' }, token);
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ code: 'VERSION_CONFLICT', message: '资料已在别处修改，请刷新后再改' });
    expect(await ok(server, 'profile.get', {}, token)).toMatchObject({ name: '周九', version: 2 });
  });

  it('lets a phone account fill in its ID once, then locks ID type, number and birth date', async () => {
    const { token } = await phoneAccount();
    const idNumber = freshIdNumber();
    const filled = await ok(
      server,
      'profile.update',
      { version: 1, idNumber: idNumber.toLowerCase() },
      token,
    );
    expect(filled).toMatchObject({
      idType: 'id_card',
      idNumber,
      birthDate: `1990-02-${idNumber.slice(12, 14)}`,
      gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
      version: 2,
    });
    // Sending back what is on file is not a change.
    await ok(server, 'profile.update', { version: 2, idNumber, idType: 'id_card', name: '郑一' }, token);

    const number = await call(server, 'profile.update', { version: 3, idNumber: freshIdNumber() }, token);
    expect(number.status).toBe(400);
    expect(number.body).toMatchObject({
      code: 'FIELD_LOCKED',
      message: '证件号码已确定，不能修改',
      details: { field: 'idNumber' },
    });
    const birth = await call(server, 'profile.update', { version: 3, birthDate: '1980-01-01' }, token);
    expect(birth.body).toMatchObject({ code: 'FIELD_LOCKED', message: '出生日期已确定，不能修改' });
    const type = await call(server, 'profile.update', { version: 3, idType: 'passport' }, token);
    expect(type.body).toMatchObject({ code: 'FIELD_LOCKED', details: { field: 'idType' } });
    expect(await ok(server, 'profile.get', {}, token)).toMatchObject({ idNumber, version: 3 });
  });

  it('locks the ID of an account registered by ID number from the start', async () => {
    const idNumber = freshIdNumber();
    await ok(server, 'account.registerByIdNumber', {
      name: '王小二',
      idNumber,
      email: 'x@example.com',
      password: 'Passw0rd',
      confirmPassword: 'Passw0rd',
      acceptTerms: true,
      ...(await solvedCaptcha(server)),
    });
    const { token } = await login(server, idNumber);
    const reply = await call(server, 'profile.update', { version: 1, idNumber: freshIdNumber() }, token);
    expect(reply.body.code).toBe('FIELD_LOCKED');
  });

  it('refuses an ID number another account holds, or one with a wrong check digit', async () => {
    const first = await phoneAccount();
    const idNumber = freshIdNumber();
    await ok(server, 'profile.update', { version: 1, idNumber }, first.token);
    const second = await phoneAccount();
    const taken = await call(server, 'profile.update', { version: 1, idNumber }, second.token);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ID_NUMBER_TAKEN');
    expect(taken.body.details?.offerLogin).toBeUndefined();

    const wrong = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    const invalid = await call(server, 'profile.update', { version: 1, idNumber: wrong }, second.token);
    expect(invalid.status).toBe(400);
    expect(invalid.body.details?.fields).toEqual([
      { field: 'idNumber', message: '证件号码：身份证号校验位不正确' },
    ]);
  });

  describe('phone change', () => {
    function changePhone(token: string, input: Record<string, unknown>) {
      return call(server, 'account.changePhone', { password: 'Passw0rd', ...input }, token);
    }

    it('needs the current password: a wrong one is refused, counted, and changes nothing', async () => {
      const { phone, token } = await phoneAccount();
      const newPhone = freshPhone();
      const smsCode = await smsCodeFor(server, newPhone, 'change_phone');
      const wrong = await changePhone(token, { password: 'Wrong1234', phone: newPhone, smsCode });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({
        code: 'VALIDATION',
        message: '登录密码不正确，还可尝试 4 次',
        details: { fields: [{ field: 'password', message: '登录密码不正确，还可尝试 4 次' }] },
      });
      const missing = await call(server, 'account.changePhone', { phone: newPhone, smsCode }, token);
      expect(missing.body.details?.fields).toEqual([{ field: 'password', message: '登录密码：请输入密码' }]);
      expect(await ok(server, 'profile.get', {}, token)).toMatchObject({ phone, version: 1 });
      // The code was not spent by the refusals.
      expect((await changePhone(token, { phone: newPhone, smsCode })).status).toBe(200);
    });

    it('needs the code sent to the new phone: a wrong one or one sent elsewhere is refused', async () => {
      const { phone, token } = await phoneAccount();
      const newPhone = freshPhone();
      const code = await smsCodeFor(server, newPhone, 'change_phone');
      const wrong = await changePhone(token, {
        phone: newPhone,
        smsCode: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({
        code: 'SMS_CODE_INVALID',
        message: '短信验证码不正确，还可尝试 4 次',
        details: { fields: [{ field: 'smsCode', message: '短信验证码不正确，还可尝试 4 次' }] },
      });
      const oldPhoneCode = await smsCodeFor(server, phone, 'change_phone');
      const elsewhere = await changePhone(token, { phone: freshPhone(), smsCode: oldPhoneCode });
      expect(elsewhere.body.code).toBe('SMS_CODE_INVALID');
      expect(await ok(server, 'profile.get', {}, token)).toMatchObject({ phone, version: 1 });
    });

    it('changes the phone, ends the other sessions of the account and keeps this one', async () => {
      const { phone, accountId, token } = await phoneAccount();
      const elsewhere = await login(server, phone);
      const bystander = await phoneAccount();
      const newPhone = freshPhone();
      const smsCode = await smsCodeFor(server, newPhone, 'change_phone');
      const changed = await changePhone(token, { phone: newPhone, smsCode });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id: accountId, phone: newPhone, version: 2 });
      expect((await call(server, 'auth.me', {}, token)).body).toMatchObject({ phone: newPhone });
      const ended = await call(server, 'auth.me', {}, elsewhere.token);
      expect(ended.status).toBe(401);
      expect(ended.body.code).toBe('UNAUTHENTICATED');
      expect((await call(server, 'auth.me', {}, bystander.token)).status).toBe(200);
      await login(server, newPhone);
      expect((await loginPassword(server, phone, 'Passw0rd')).body.code).toBe('BAD_CREDENTIALS');
      const reused = await changePhone(token, { phone: newPhone, smsCode });
      expect(reused.body.code).toBe('VALIDATION');
    });

    it('binds a first phone to an account registered by ID number', async () => {
      const idNumber = freshIdNumber();
      await ok(server, 'account.registerByIdNumber', {
        name: '钱小七',
        idNumber,
        email: 'q@example.com',
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd',
        acceptTerms: true,
        ...(await solvedCaptcha(server)),
      });
      const { token } = await login(server, idNumber);
      const phone = freshPhone();
      const smsCode = await smsCodeFor(server, phone, 'change_phone');
      expect((await changePhone(token, { phone, smsCode })).body).toMatchObject({ phone, idNumber });
    });

    it('says another account uses the new phone only once the code proved the caller holds it', async () => {
      const mine = await phoneAccount();
      const theirs = await phoneAccount();
      const free = freshPhone();
      const sendTaken = await sendSms(server, theirs.phone, 'change_phone');
      expect(sendTaken).toEqual(await sendSms(server, free, 'change_phone'));
      expect(sendTaken.status).toBe(200);

      const code = await server.smsCode(theirs.phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const guessedTaken = await changePhone(mine.token, { phone: theirs.phone, smsCode: wrong });
      expect(guessedTaken).toEqual(await changePhone(mine.token, { phone: free, smsCode: wrong }));
      expect(guessedTaken.body.code).toBe('SMS_CODE_INVALID');

      const proven = await changePhone(mine.token, { phone: theirs.phone, smsCode: code });
      expect(proven.status).toBe(409);
      expect(proven.body).toMatchObject({
        code: 'PHONE_TAKEN',
        message: '该手机号已被其他账号使用，请换一个手机号',
      });
      expect(proven.body.details?.offerLogin).toBeUndefined();
      expect(await ok(server, 'profile.get', {}, mine.token)).toMatchObject({ phone: mine.phone });
      expect((await call(server, 'auth.me', {}, theirs.token)).status).toBe(200);
    });

    it('is not a profile edit: a phone sent to profile.update changes nothing', async () => {
      const { phone, token } = await phoneAccount();
      const newPhone = freshPhone();
      const smsCode = await smsCodeFor(server, newPhone, 'change_phone');
      await ok(server, 'profile.update', { version: 1, phone: newPhone, phoneSmsCode: smsCode }, token);
      expect(await ok(server, 'profile.get', {}, token)).toMatchObject({ phone });
    });
  });

  it('only ever touches the session account, whatever ids the body carries', async () => {
    const victim = await phoneAccount();
    const attacker = await phoneAccount();
    await ok(
      server,
      'profile.update',
      { version: 1, id: victim.accountId, accountId: victim.accountId, name: '冒名者' },
      attacker.token,
    );
    expect(await ok(server, 'profile.get', {}, victim.token)).toMatchObject({ name: null, version: 1 });
    expect(await ok(server, 'profile.get', {}, attacker.token)).toMatchObject({ name: '冒名者' });
  });

  it('names the field of bad input and changes nothing', async () => {
    const { token } = await phoneAccount();
    const reply = await call(
      server,
      'profile.update',
      { version: 1, postalCode: '35000A', name: 'A' },
      token,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.details?.fields).toEqual(
      expect.arrayContaining([
        { field: 'postalCode', message: '邮政编码应为 6 位数字' },
        { field: 'name', message: '姓名至少 2 个字' },
      ]),
    );
    expect(await ok(server, 'profile.get', {}, token)).toMatchObject({
      name: null,
      postalCode: '',
      version: 1,
    });
  });
});
