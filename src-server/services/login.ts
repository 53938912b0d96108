import { AppError } from '../../src-shared/errors';
import type { LoginByPasswordInput, LoginBySmsInput, Session } from '../../src-shared/schemas/account';
import { findAccountByIdNumber, findAccountByPhone } from './accountQueries';
import { checkCaptcha } from './captcha';
import type { CallerInfo, ServiceContext } from './context';
import { assertMayTryLogin, clearLoginFailures, recordLoginFailure, throttleSubject } from './loginThrottle';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession } from './sessions';
import { consumeSmsCode, verifySmsCode } from './sms';

const PHONE = /^\d{11}$/;

function badCredentials(triesLeft: number): AppError {
  return new AppError('BAD_CREDENTIALS', `账号或密码错误，还可尝试 ${triesLeft} 次`, { triesLeft });
}

/** `account` is a phone or an ID number; the captcha is checked (and used up) before anything else. */
export async function loginByPassword(
  ctx: ServiceContext,
  input: LoginByPasswordInput,
  caller: CallerInfo,
): Promise<Session> {
  await checkCaptcha(ctx, input.captchaId, input.captchaText);
  const account = PHONE.test(input.account)
    ? await findAccountByPhone(ctx.db, input.account)
    : await findAccountByIdNumber(ctx.db, input.account);
  const subject = throttleSubject(account?.id, input.account);
  await assertMayTryLogin(ctx, subject, caller.ip);

  const passwordOk = account
    ? await verifyPassword(input.password, account.passwordHash)
    : await verifyAgainstDummy(input.password);
  if (!account || !passwordOk) {
    throw await recordLoginFailure(ctx, subject, caller.ip, badCredentials);
  }
  return ctx.db.transaction(async (tx) => {
    await clearLoginFailures(tx, subject);
    return createSession(ctx, tx, account, caller);
  });
}

export async function loginBySms(
  ctx: ServiceContext,
  input: LoginBySmsInput,
  caller: CallerInfo,
): Promise<Session> {
  const account = await findAccountByPhone(ctx.db, input.phone);
  if (!account) {
    throw new AppError('ACCOUNT_NOT_FOUND', '该手机号未注册，请先注册', {
      fields: [{ field: 'phone', message: '该手机号未注册' }],
    });
  }
  const codeId = await verifySmsCode(ctx, { phone: input.phone, purpose: 'login', code: input.smsCode });
  return ctx.db.transaction(async (tx) => {
    await consumeSmsCode(ctx, tx, codeId);
    return createSession(ctx, tx, account, caller);
  });
}
