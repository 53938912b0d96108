import { and, asc, count, eq, gt, lt, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { addSeconds, secondsUntil } from '../clock';
import type { Database } from '../db/database';
import { loginFailures, loginThrottle } from '../db/schema';
import type { ServiceContext } from './context';
import { shanghaiHourMinute } from './shanghaiTime';

/** Whose wrong passwords are counted: an account, or an identifier nobody registered. */
export function throttleSubject(accountId: string | undefined, identifier: string): string {
  return accountId ? `account:${accountId}` : `unknown:${identifier}`;
}

function accountLocked(ctx: ServiceContext, lockedUntil: Date): AppError {
  const now = ctx.clock.now();
  return new AppError(
    'ACCOUNT_LOCKED',
    `密码连续输错 ${ctx.limits.loginMaxFailures} 次，账号已临时锁定，请于 ${shanghaiHourMinute(lockedUntil)} 后再试，` +
      '或通过“忘记密码”重设密码',
    { retryAfterSeconds: secondsUntil(lockedUntil, now), lockedUntil: lockedUntil.toISOString() },
  );
}

/** Refuses before any password is checked when this IP or this subject has failed too often. */
export async function assertMayTryLogin(ctx: ServiceContext, subject: string, ip: string): Promise<void> {
  await assertIpMayTryLogin(ctx, ip);
  const [row] = await ctx.db.select().from(loginThrottle).where(eq(loginThrottle.subject, subject)).limit(1);
  if (row?.lockedUntil && row.lockedUntil > ctx.clock.now()) throw accountLocked(ctx, row.lockedUntil);
}

/** Refuses when this IP has failed too often, whatever the way of logging in. */
export async function assertIpMayTryLogin(ctx: ServiceContext, ip: string): Promise<void> {
  const now = ctx.clock.now();
  const windowStart = addSeconds(now, -ctx.limits.ipFailureWindowSeconds);
  const recent = and(eq(loginFailures.ip, ip), gt(loginFailures.at, windowStart));
  const [byIp] = await ctx.db.select({ n: count() }).from(loginFailures).where(recent);
  if ((byIp?.n ?? 0) >= ctx.limits.ipMaxFailures) {
    const [oldest] = await ctx.db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(recent)
      .orderBy(asc(loginFailures.at))
      .limit(1);
    const wait = secondsUntil(addSeconds(oldest?.at ?? now, ctx.limits.ipFailureWindowSeconds), now);
    throw new AppError('RATE_LIMITED', `当前网络登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
      retryAfterSeconds: wait,
    });
  }
}

/**
 * Counts a wrong password and returns the error to show: how many tries are left, or the lock that
 * the last try set off (the counter starts again once the lock ends).
 */
export async function recordLoginFailure(
  ctx: ServiceContext,
  subject: string,
  ip: string,
  wrongPassword: (triesLeft: number) => AppError,
): Promise<AppError> {
  const now = ctx.clock.now();
  const { limits } = ctx;
  return ctx.db.transaction(async (tx) => {
    await recordIpLoginFailure(ctx, tx, ip);
    const [row] = await tx
      .insert(loginThrottle)
      .values({ subject, failures: 1, updatedAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.subject,
        set: { failures: sql`${loginThrottle.failures} + 1`, updatedAt: now },
      })
      .returning({ failures: loginThrottle.failures });
    const failures = row?.failures ?? 1;
    if (failures < limits.loginMaxFailures) return wrongPassword(limits.loginMaxFailures - failures);
    const lockedUntil = addSeconds(now, limits.loginLockSeconds);
    await tx
      .update(loginThrottle)
      .set({ failures: 0, lockedUntil })
      .where(eq(loginThrottle.subject, subject));
    return accountLocked(ctx, lockedUntil);
  });
}

/** Counts one failed login from `ip` toward the per-IP limit. */
export async function recordIpLoginFailure(ctx: ServiceContext, db: Database, ip: string): Promise<void> {
  const now = ctx.clock.now();
  await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, addSeconds(now, -ctx.limits.ipFailureWindowSeconds)));
  await db.insert(loginFailures).values({ ip, at: now });
}

export async function clearLoginFailures(db: Database, subject: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.subject, subject));
}
