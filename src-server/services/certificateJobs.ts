import { and, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { NotificationKind } from '../../src-shared/schemas/notification';
import type { Database } from '../db/database';
import { bumped, created } from '../db/records';
import {
  applications,
  boundCertificates,
  issuedCertificates,
  notifications,
  type IssuedCertificateRow,
} from '../db/schema';

/**
 * The certificate jobs of seed 003: certificates 90 days past expiry are revoked; holders hear 30
 * and 7 days before expiry. Each run is idempotent (revoking only valid ones, one notification per
 * account, certificate and kind) and runs alone: a run that cannot take the advisory lock leaves the
 * work to the instance that holds it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const REVOKE_AFTER_DAYS = 90;
const REMINDERS: readonly { kind: NotificationKind; days: number }[] = [
  { kind: 'expiry7', days: 7 },
  { kind: 'expiry30', days: 30 },
];
/** Arbitrary, fixed: the advisory lock every instance takes for these jobs. */
const JOB_LOCK = 4_004_001;

export interface JobRun {
  /** False when another instance was running the jobs. */
  ran: boolean;
  revoked: number;
  reminders: number;
}

function shanghaiDate(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(date);
}

function reminderText(certificate: IssuedCertificateRow, days: number) {
  const name = certificate.commonName ?? certificate.serialNumber;
  return {
    title: `证书将在 ${days} 天内到期`,
    body:
      `证书「${name}」将于 ${shanghaiDate(certificate.notAfter)} 到期，请及时办理续费；` +
      `过期超过 ${REVOKE_AFTER_DAYS} 天的证书会被系统注销。`,
  };
}

async function takeLock(tx: Database): Promise<boolean> {
  const result = (await tx.execute(
    sql`select pg_try_advisory_xact_lock(${JOB_LOCK}) as locked`,
  )) as unknown as {
    rows: { locked: boolean }[];
  };
  return result.rows[0]?.locked === true;
}

/** The accounts that hear about a certificate: those it is bound to and the applicant it was issued for. */
async function recipients(tx: Database, certificateIds: string[]): Promise<Map<string, Set<string>>> {
  const byCertificate = new Map<string, Set<string>>();
  if (certificateIds.length === 0) return byCertificate;
  const add = (certificateId: string, accountId: string) =>
    byCertificate.set(certificateId, (byCertificate.get(certificateId) ?? new Set()).add(accountId));
  const bound = await tx
    .select({ certificateId: boundCertificates.certificateId, accountId: boundCertificates.accountId })
    .from(boundCertificates)
    .where(inArray(boundCertificates.certificateId, certificateIds));
  for (const row of bound) add(row.certificateId, row.accountId);
  const applied = await tx
    .select({ certificateId: applications.certificateId, accountId: applications.applicantId })
    .from(applications)
    .where(and(isNotNull(applications.certificateId), inArray(applications.certificateId, certificateIds)));
  for (const row of applied) add(row.certificateId!, row.accountId);
  return byCertificate;
}

async function remind(tx: Database, now: Date): Promise<number> {
  let sent = 0;
  let nearer = now;
  for (const { kind, days } of REMINDERS) {
    const until = new Date(now.getTime() + days * DAY_MS);
    // Each certificate gets the reminder of the nearest window it is in.
    const due = await tx
      .select()
      .from(issuedCertificates)
      .where(
        and(
          eq(issuedCertificates.status, 'valid'),
          gt(issuedCertificates.notAfter, kind === 'expiry7' ? now : nearer),
          lte(issuedCertificates.notAfter, until),
        ),
      );
    nearer = until;
    const accounts = await recipients(
      tx,
      due.map((certificate) => certificate.id),
    );
    const rows = due.flatMap((certificate) =>
      [...(accounts.get(certificate.id) ?? [])].map((accountId) => ({
        accountId,
        kind,
        certificateId: certificate.id,
        ...reminderText(certificate, days),
        ...created(now),
      })),
    );
    if (rows.length === 0) continue;
    const inserted = await tx
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({
        target: [notifications.accountId, notifications.certificateId, notifications.kind],
      })
      .returning({ id: notifications.id });
    sent += inserted.length;
  }
  return sent;
}

export async function runCertificateJobs(db: Database, now: Date): Promise<JobRun> {
  return db.transaction(async (tx) => {
    if (!(await takeLock(tx))) return { ran: false, revoked: 0, reminders: 0 };
    const revoked = await tx
      .update(issuedCertificates)
      .set({
        status: 'revoked',
        revokedAt: now,
        revocationReason: 'cessationOfOperation',
        ...bumped(issuedCertificates, now),
      })
      .where(
        and(
          eq(issuedCertificates.status, 'valid'),
          lte(issuedCertificates.notAfter, new Date(now.getTime() - REVOKE_AFTER_DAYS * DAY_MS)),
        ),
      )
      .returning({ id: issuedCertificates.id });
    return { ran: true, revoked: revoked.length, reminders: await remind(tx, now) };
  });
}
