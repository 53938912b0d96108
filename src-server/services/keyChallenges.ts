import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { Challenge, ChallengePurpose } from '../../src-shared/schemas/key';
import { addSeconds } from '../clock';
import type { Database } from '../db/database';
import { keyChallenges, type KeyChallengeRow } from '../db/schema';
import type { CallerInfo, ServiceContext } from './context';
import { authenticate } from './sessions';

export const CHALLENGE_TTL_SECONDS = 120;
/**
 * A renewal signs its challenge when the new key pair is made on the KEY, before the rest of the form
 * (uploads, agreement) is finished: it gets longer than a bind or a KEY login, which sign and send at once.
 */
export const RENEW_CHALLENGE_TTL_SECONDS = 30 * 60;

const TTL_SECONDS: Record<ChallengePurpose, number> = {
  bind: CHALLENGE_TTL_SECONDS,
  login: CHALLENGE_TTL_SECONDS,
  renew: RENEW_CHALLENGE_TTL_SECONDS,
};

/**
 * A 'bind' or 'renew' challenge belongs to the account of the session that asked for it, so it needs
 * one; a 'login' challenge belongs to nobody yet.
 */
export async function newChallenge(
  ctx: ServiceContext,
  purpose: ChallengePurpose,
  caller: CallerInfo,
): Promise<Challenge> {
  const accountId = purpose === 'login' ? null : (await authenticate(ctx, caller.bearerToken)).account.id;
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(keyChallenges)
    .values({
      purpose,
      nonce: randomBytes(32).toString('base64'),
      accountId,
      createdAt: now,
      expiresAt: addSeconds(now, TTL_SECONDS[purpose]),
    })
    .returning();
  return { challengeId: row!.id, purpose, nonce: row!.nonce, expiresAt: row!.expiresAt.toISOString() };
}

function challengeInvalid(message: string): AppError {
  return new AppError('CHALLENGE_INVALID', message);
}

const USED_MESSAGE = '验证已失效（可能已使用过），请重新操作';

function checkChallenge(
  ctx: ServiceContext,
  row: KeyChallengeRow | undefined,
  purpose: ChallengePurpose,
  accountId: string | null,
): KeyChallengeRow {
  if (!row) throw challengeInvalid(USED_MESSAGE);
  if (row.expiresAt <= ctx.clock.now()) throw challengeInvalid('验证已过期，请重新操作');
  if (row.purpose !== purpose || row.accountId !== accountId) {
    throw challengeInvalid('验证与当前操作不符，请重新操作');
  }
  return row;
}

/**
 * Uses a challenge up (whatever the outcome of what follows) and returns it if it serves this
 * purpose and account and has not expired.
 */
export async function consumeChallenge(
  ctx: ServiceContext,
  challengeId: string,
  purpose: ChallengePurpose,
  accountId: string | null,
): Promise<KeyChallengeRow> {
  const [row] = await ctx.db
    .update(keyChallenges)
    .set({ usedAt: ctx.clock.now() })
    .where(and(eq(keyChallenges.id, challengeId), isNull(keyChallenges.usedAt)))
    .returning();
  return checkChallenge(ctx, row, purpose, accountId);
}

/**
 * The challenge if it is unused and serves this purpose and account, left unused: a renewal refused
 * for its form keeps its proof, and uses it up only with the application it stores ({@link useChallenge}).
 */
export async function unusedChallenge(
  ctx: ServiceContext,
  challengeId: string,
  purpose: ChallengePurpose,
  accountId: string | null,
): Promise<KeyChallengeRow> {
  const [row] = await ctx.db
    .select()
    .from(keyChallenges)
    .where(and(eq(keyChallenges.id, challengeId), isNull(keyChallenges.usedAt)))
    .limit(1);
  return checkChallenge(ctx, row, purpose, accountId);
}

/** Uses up a challenge checked by {@link unusedChallenge}, inside the transaction that acts on it. */
export async function useChallenge(db: Database, challengeId: string, at: Date): Promise<void> {
  const [row] = await db
    .update(keyChallenges)
    .set({ usedAt: at })
    .where(and(eq(keyChallenges.id, challengeId), isNull(keyChallenges.usedAt)))
    .returning({ id: keyChallenges.id });
  if (!row) throw challengeInvalid(USED_MESSAGE);
}
