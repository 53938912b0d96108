import { AppError } from '../../src-shared/errors';
import type { Session } from '../../src-shared/schemas/account';
import type { ProvePossessionInput } from '../../src-shared/schemas/key';
import { findAccountById } from './accountQueries';
import { boundAccountId } from './certificateBinding';
import type { CallerInfo, ServiceContext } from './context';
import { assertIpMayTryLogin, recordIpLoginFailure } from './loginThrottle';
import { provePossession } from './possession';
import { createSession } from './sessions';

/** Logs in the account a certificate is bound to, once the KEY has signed a 'login' challenge. */
export async function loginByKey(
  ctx: ServiceContext,
  input: ProvePossessionInput,
  caller: CallerInfo,
): Promise<Session> {
  await assertIpMayTryLogin(ctx, caller.ip);
  try {
    const issued = await provePossession(ctx, input, 'login', null);
    const accountId = await boundAccountId(ctx, issued.id);
    const account = accountId ? await findAccountById(ctx.db, accountId) : undefined;
    if (!account) {
      throw new AppError('CERT_NOT_BOUND', '该证书尚未绑定账号，请先用密码登录并绑定');
    }
    return await createSession(ctx, ctx.db, account, caller);
  } catch (error) {
    // Every refused KEY login counts toward the per-IP limit, like a wrong password.
    if (error instanceof AppError) await recordIpLoginFailure(ctx, ctx.db, caller.ip);
    throw error;
  }
}
