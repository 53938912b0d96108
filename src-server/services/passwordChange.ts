import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type {
  ChangePasswordInput,
  Ok,
  ResetPasswordByIdNumberInput,
  ResetPasswordByPhoneInput,
} from '../../src-shared/schemas/account';
import type { Database } from '../db/database';
import { accounts, type AccountRow } from '../db/schema';
import { findAccountByIdNumber, findAccountByPhone } from './accountQueries';
import type { ServiceContext } from './context';
import { assertMayTryLogin, clearLoginFailures, recordLoginFailure, throttleSubject } from './loginThrottle';
import { hashPassword, verifyPassword } from './passwords';
import type { Authenticated } from './sessions';
import { revokeAccountSessions } from './sessions';
import { consumeSmsCode, smsCodeInvalid, verifySmsCode } from './sms';

/**
 * The password is not part of the profile a client edits, so changing it leaves `version` alone
 * (an open profile form must not turn stale because the password changed).
 */
async function setPassword(ctx: ServiceContext, db: Database, accountId: string, passwordHash: string) {
  await db
    .update(accounts)
    .set({ passwordHash, passwordChangedAt: ctx.clock.now() })
    .where(eq(accounts.id, accountId));
}

/** Needs the old password (wrong ones count towards the lock); every other session of the account ends. */
export async function changePassword(
  ctx: ServiceContext,
  { session, account }: Authenticated,
  input: ChangePasswordInput,
  ip: string,
): Promise<Ok> {
  const subject = throttleSubject(account.id, '');
  await assertMayTryLogin(ctx, subject, ip);
  if (!(await verifyPassword(input.oldPassword, account.passwordHash))) {
    throw await recordLoginFailure(ctx, subject, ip, (left) => {
      const message = `原密码不正确，还可尝试 ${left} 次`;
      return new AppError('VALIDATION', message, { fields: [{ field: 'oldPassword', message }] });
    });
  }
  const passwordHash = await hashPassword(input.password, ctx.limits.passwordCostLog2);
  await ctx.db.transaction(async (tx) => {
    await setPassword(ctx, tx, account.id, passwordHash);
    await clearLoginFailures(tx, subject);
    await revokeAccountSessions(ctx, tx, account.id, session.id);
  });
  return { ok: true };
}

/** A reset proves the phone, so it also lifts a password lock; every session of the account ends. */
async function resetPassword(ctx: ServiceContext, account: AccountRow, codeId: string, password: string) {
  const passwordHash = await hashPassword(password, ctx.limits.passwordCostLog2);
  await ctx.db.transaction(async (tx) => {
    await consumeSmsCode(ctx, tx, codeId);
    await setPassword(ctx, tx, account.id, passwordHash);
    await clearLoginFailures(tx, throttleSubject(account.id, ''));
    await revokeAccountSessions(ctx, tx, account.id);
  });
}

/** An unregistered phone was never sent a working code: it fails like a wrong code. */
export async function resetPasswordByPhone(
  ctx: ServiceContext,
  input: ResetPasswordByPhoneInput,
): Promise<Ok> {
  const codeId = await verifySmsCode(ctx, {
    phone: input.phone,
    purpose: 'reset_password',
    code: input.smsCode,
  });
  // Only if the phone left its account since the code was sent.
  const account = await findAccountByPhone(ctx.db, input.phone);
  if (!account) throw smsCodeInvalid();
  await resetPassword(ctx, account, codeId, input.password);
  return { ok: true };
}

/**
 * The code proves the caller holds the phone; only then is the ID number compared, and a mismatch
 * says no more than "these two do not belong together".
 */
export async function resetPasswordByIdNumber(
  ctx: ServiceContext,
  input: ResetPasswordByIdNumberInput,
): Promise<Ok> {
  const codeId = await verifySmsCode(ctx, {
    phone: input.phone,
    purpose: 'reset_password',
    code: input.smsCode,
  });
  const account = await findAccountByIdNumber(ctx.db, input.idNumber);
  if (!account || account.phone !== input.phone) {
    throw new AppError('ACCOUNT_NOT_FOUND', '身份证号与预留手机号不匹配，请核对后重试', {
      fields: [{ field: 'idNumber', message: '身份证号与预留手机号不匹配' }],
    });
  }
  await resetPassword(ctx, account, codeId, input.password);
  return { ok: true };
}
