import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { Session } from '../../src-shared/schemas/account';
import { addSeconds } from '../clock';
import type { Database } from '../db/database';
import { preparedPer } from '../db/prepared';
import {
  accounts,
  enterprises,
  sessions,
  type AccountRow,
  type EnterpriseRow,
  type SessionRow,
} from '../db/schema';
import { toSessionUser } from './accountQueries';
import type { CallerInfo, ServiceContext } from './context';
import { hashToken, newSessionToken } from './secrets';

const LAST_SEEN_RESOLUTION_SECONDS = 60;

/**
 * A session ends 8 hours after its last use (each authenticated request is a use, recorded at most
 * once a minute), and 7 days after login at the latest.
 */
function expiresAt(ctx: ServiceContext, session: Pick<SessionRow, 'createdAt' | 'lastSeenAt'>): Date {
  const idle = addSeconds(session.lastSeenAt, ctx.limits.sessionIdleSeconds);
  const absolute = addSeconds(session.createdAt, ctx.limits.sessionAbsoluteSeconds);
  return idle < absolute ? idle : absolute;
}

export async function createSession(
  ctx: ServiceContext,
  db: Database,
  account: AccountRow,
  caller: CallerInfo,
): Promise<Session> {
  const token = newSessionToken();
  const now = ctx.clock.now();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    accountId: account.id,
    createdAt: now,
    lastSeenAt: now,
    ip: caller.ip,
    userAgent: caller.userAgent?.slice(0, 300) ?? null,
  });
  return {
    token,
    expiresAt: expiresAt(ctx, { createdAt: now, lastSeenAt: now }).toISOString(),
    user: await toSessionUser(db, account),
  };
}

export interface Authenticated {
  session: SessionRow;
  account: AccountRow;
  /** The account's enterprise as read with the session (null: none), so a request need not read it again. */
  enterprise: EnterpriseRow | null;
  /** When the session ends unless used again (this use counted): what the client keeps as its deadline. */
  expiresAt: Date;
}

/** The session, its account and the account's enterprise in one round trip: every authenticated request starts here. */
const sessionByToken = preparedPer((db) =>
  db
    .select({ session: sessions, account: accounts, enterprise: enterprises })
    .from(sessions)
    .leftJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(enterprises, eq(enterprises.id, accounts.enterpriseId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('session_by_token'),
);

/** Resolves a bearer token to its live session and account, and counts this request as use. */
export async function authenticate(ctx: ServiceContext, token: string | null): Promise<Authenticated> {
  if (!token) throw new AppError('UNAUTHENTICATED', '请先登录');
  const [found] = await sessionByToken(ctx.db).execute({ tokenHash: hashToken(token) });
  const session = found?.session;
  if (!session) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  if (session.revokedAt) {
    throw new AppError('UNAUTHENTICATED', '登录已失效（可能已退出或修改了密码），请重新登录', {
      reason: 'revoked',
    });
  }
  const now = ctx.clock.now();
  if (expiresAt(ctx, session) <= now) {
    throw new AppError('SESSION_EXPIRED', '登录已过期，请重新登录', { reason: 'expired' });
  }
  const account = found.account;
  if (!account) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  // A write per request costs a flushed commit; a minute of slack on an 8-hour idle limit costs nothing.
  const resolution = Math.min(LAST_SEEN_RESOLUTION_SECONDS, ctx.limits.sessionIdleSeconds / 10);
  if (addSeconds(session.lastSeenAt, resolution) > now) {
    return { session, account, enterprise: found.enterprise, expiresAt: expiresAt(ctx, session) };
  }
  await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  const used = { ...session, lastSeenAt: now };
  return { session: used, account, enterprise: found.enterprise, expiresAt: expiresAt(ctx, used) };
}

export async function revokeSession(ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of an account, except `keepSessionId` (the one that changed the password). */
export async function revokeAccountSessions(
  ctx: ServiceContext,
  db: Database,
  accountId: string,
  keepSessionId?: string,
): Promise<void> {
  const conditions = [eq(sessions.accountId, accountId), isNull(sessions.revokedAt)];
  if (keepSessionId) conditions.push(ne(sessions.id, keepSessionId));
  await db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(...conditions));
}
