import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { Challenge, ChallengePurpose } from '../../src-shared/schemas/key';
import { addSeconds } from '../clock';
import { keyChallenges, type KeyChallengeRow } from '../db/schema';
import type { CallerInfo, ServiceContext } from './context';
import { authenticate } from './sessions';

export const CHALLENGE_TTL_SECONDS = 120;

/**
 * A 'bind' challenge belongs to the account of the session that asked for it, so it needs one;
 * a 'login' challenge belongs to nobody yet.
 */
export async function newChallenge(
  ctx: ServiceContext,
  purpose: ChallengePurpose,
  caller: CallerInfo,
): Promise<Challenge> {
  const accountId = purpose === 'bind' ? (await authenticate(ctx, caller.bearerToken)).account.id : null;
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(keyChallenges)
    .values({
      purpose,
      nonce: randomBytes(32).toString('base64'),
      accountId,
      createdAt: now,
      expiresAt: addSeconds(now, CHALLENGE_TTL_SECONDS),
    })
    .returning();
  return { challengeId: row!.id, purpose, nonce: row!.nonce, expiresAt: row!.expiresAt.toISOString() };
}

function challengeInvalid(message: string): AppError {
  return new AppError('CHALLENGE_INVALID', message);
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
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .update(keyChallenges)
    .set({ usedAt: now })
    .where(and(eq(keyChallenges.id, challengeId), isNull(keyChallenges.usedAt)))
    .returning();
  if (!row) throw challengeInvalid('验证已失效（可能已使用过），请重新操作');
  if (row.expiresAt <= now) throw challengeInvalid('验证已过期，请重新操作');
  if (row.purpose !== purpose || row.accountId !== accountId) {
    throw challengeInvalid('验证与当前操作不符，请重新操作');
  }
  return row;
}
