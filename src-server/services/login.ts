import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { LoginByPasswordInput, LoginBySmsInput, Session } from '../../src-shared/schemas/account';
import { accounts } from '../db/schema';
import { findAccountByIdNumber, findAccountByPhone } from './accountQueries';
import { checkCaptcha } from './captcha';
import type { CallerInfo, ServiceContext } from './context';
import {
  assertIpMayTryLogin,
  assertMayTryLogin,
  clearLoginFailures,
  recordIpLoginFailure,
  recordLoginFailure,
  throttleSubject,
} from './loginThrottle';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords';
import { createSession } from './sessions';
import { consumeSmsCode, smsCodeInvalid, verifySmsCode } from './sms';

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

  const cost = ctx.limits.passwordCostLog2;
  const passwordOk = account
    ? await verifyPassword(input.password, account.passwordHash)
    : await verifyAgainstDummy(input.password, cost);
  if (!account || !passwordOk) {
    throw await recordLoginFailure(ctx, subject, caller.ip, badCredentials);
  }
  // A hash made at an older, lower cost is redone now, while the password is at hand.
  const rehashed = needsRehash(account.passwordHash, cost) ? await hashPassword(input.password, cost) : null;
  return ctx.db.transaction(async (tx) => {
    await clearLoginFailures(tx, subject);
    if (rehashed !== null) {
      await tx.update(accounts).set({ passwordHash: rehashed }).where(eq(accounts.id, account.id));
    }
    return createSession(ctx, tx, account, caller);
  });
}

/**
 * Wrong codes count toward the per-IP limit, as wrong passwords do. An unregistered phone was never
 * sent a working code, so it fails exactly like a wrong code for a registered one.
 */
export async function loginBySms(
  ctx: ServiceContext,
  input: LoginBySmsInput,
  caller: CallerInfo,
): Promise<Session> {
  await assertIpMayTryLogin(ctx, caller.ip);
  const codeId = await countingFailure(ctx, caller.ip, () =>
    verifySmsCode(ctx, { phone: input.phone, purpose: 'login', code: input.smsCode }),
  );
  // Only if the phone left its account since the code was sent.
  const account = await findAccountByPhone(ctx.db, input.phone);
  if (!account) {
    await recordIpLoginFailure(ctx, ctx.db, caller.ip);
    throw smsCodeInvalid();
  }
  return ctx.db.transaction(async (tx) => {
    await consumeSmsCode(ctx, tx, codeId);
    return createSession(ctx, tx, account, caller);
  });
}

async function countingFailure<T>(ctx: ServiceContext, ip: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof AppError && error.code === 'SMS_CODE_INVALID') {
      await recordIpLoginFailure(ctx, ctx.db, ip);
    }
    throw error;
  }
}
