import { and, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { addSeconds, type Clock } from '../clock';
import type { Database } from '../db/database';
import {
  applications,
  blobs,
  captchas,
  keyChallenges,
  loginFailures,
  loginThrottle,
  orders,
  requestCounts,
  sessions,
  smsCodes,
  uploads,
} from '../db/schema';
import type { Limits } from '../limits';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Deletes what no rule reads any more: expired captchas and KEY challenges, SMS codes older than two days (the daily caps
 * look at one Beijing day), login failures outside the per-IP window, request counts of windows
 * that ended, wrong-password counts untouched for a day and not holding a lock, sessions that
 * ended (expired or revoked) more than a day ago, and uploads nothing uses a day after they came.
 */
export async function purgeExpired(db: Database, clock: Clock, limits: Limits): Promise<void> {
  const now = clock.now();
  await db.delete(captchas).where(lt(captchas.expiresAt, now));
  await db.delete(keyChallenges).where(lt(keyChallenges.expiresAt, now));
  await db.delete(smsCodes).where(lt(smsCodes.createdAt, addSeconds(now, -2 * DAY_SECONDS)));
  await db.delete(loginFailures).where(lt(loginFailures.at, addSeconds(now, -limits.ipFailureWindowSeconds)));
  const dayAgo = addSeconds(now, -DAY_SECONDS);
  await db
    .delete(requestCounts)
    .where(lt(requestCounts.windowStart, addSeconds(now, -limits.captchaWindowSeconds)));
  await db
    .delete(loginThrottle)
    .where(
      and(
        lt(loginThrottle.updatedAt, dayAgo),
        or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now)),
      ),
    );
  await db
    .delete(sessions)
    .where(
      or(
        and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, dayAgo)),
        lt(sessions.lastSeenAt, addSeconds(dayAgo, -limits.sessionIdleSeconds)),
        lt(sessions.createdAt, addSeconds(dayAgo, -limits.sessionAbsoluteSeconds)),
      ),
    );
  await purgeUnusedUploads(db, now);
}

/**
 * Uploads no application and no order refers to, a day after they came (a form abandoned, a file
 * replaced), and then the contents no upload and no invoice holds any more. A day leaves time to
 * finish a form; the account's quota counts only what is kept.
 */
export async function purgeUnusedUploads(db: Database, now: Date): Promise<void> {
  const dayAgo = addSeconds(now, -DAY_SECONDS);
  await db
    .delete(uploads)
    .where(
      and(
        lt(uploads.createdAt, dayAgo),
        sql`not exists (select 1 from ${applications}, jsonb_each_text(${applications.attachments}) as a(key, value) where a.value = ${uploads.id}::text)`,
        sql`not exists (select 1 from ${orders} where ${orders.slipUploadId} = ${uploads.id})`,
      ),
    );
  await db
    .delete(blobs)
    .where(
      and(
        lt(blobs.createdAt, dayAgo),
        sql`not exists (select 1 from ${uploads} where ${uploads.sha256} = ${blobs.sha256})`,
        sql`not exists (select 1 from ${orders} where ${orders.invoiceSha256} = ${blobs.sha256})`,
      ),
    );
}
