import { sql } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { addSeconds, secondsUntil } from '../clock';
import { requestCounts } from '../db/schema';
import type { ServiceContext } from './context';

export interface WindowLimit {
  /** Whose requests: `captcha:<ip>`… */
  subject: string;
  max: number;
  windowSeconds: number;
  /** The refusal, told how many seconds remain until the window ends. */
  refusal: (retryAfterSeconds: number) => AppError;
}

/**
 * Counts one request in the current fixed window and refuses it once the window holds `max`. One
 * upsert counts and reads at once, so parallel requests cannot all see room for themselves.
 */
export async function countRequest(ctx: ServiceContext, limit: WindowLimit): Promise<void> {
  const now = ctx.clock.now();
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await ctx.db
    .insert(requestCounts)
    .values({ subject: limit.subject, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [requestCounts.subject, requestCounts.windowStart],
      set: { count: sql`${requestCounts.count} + 1` },
    })
    .returning({ count: requestCounts.count });
  if ((row?.count ?? 1) > limit.max) {
    throw limit.refusal(secondsUntil(addSeconds(windowStart, limit.windowSeconds), now));
  }
}
