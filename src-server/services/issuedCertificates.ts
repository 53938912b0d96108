import { and, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import type { CsrSubject } from '../../src-shared/schemas/key';
import { addSeconds } from '../clock';
import type { IssuedCertificate } from '../ca/authority';
import type { Database } from '../db/database';
import { bumped, created } from '../db/records';
import { boundCertificates, issuedCertificates, type IssuedCertificateRow } from '../db/schema';
import { violatedUniqueIndex } from './accountErrors';
import type { ServiceContext } from './context';

const DAY_SECONDS = 24 * 60 * 60;
export const DEFAULT_VALIDITY_DAYS = 365;
const SERIAL_ATTEMPTS = 3;

export interface IssueInput {
  csrPem: string;
  subject?: CsrSubject;
  validityDays?: number;
  notBefore?: Date;
}

/** Issues a certificate from a verified request and records it; a serial collision draws a new one. */
export async function issueCertificate(ctx: ServiceContext, input: IssueInput): Promise<IssuedCertificate> {
  const now = ctx.clock.now();
  const notBefore = input.notBefore ?? now;
  const notAfter = addSeconds(notBefore, (input.validityDays ?? DEFAULT_VALIDITY_DAYS) * DAY_SECONDS);
  for (let attempt = 1; ; attempt += 1) {
    const issued = await ctx.ca.issue({ csrPem: input.csrPem, subject: input.subject, notBefore, notAfter });
    try {
      await ctx.db.insert(issuedCertificates).values({
        serialNumber: issued.serialNumber,
        fingerprint: issued.fingerprint,
        pem: issued.pem,
        subject: issued.subject,
        commonName: issued.subject.commonName,
        keyAlgorithm: issued.keyAlgorithm,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        ...created(now),
      });
      return issued;
    } catch (error) {
      if (attempt < SERIAL_ATTEMPTS && violatedUniqueIndex(error) === 'issued_certificates_serial_key')
        continue;
      throw error;
    }
  }
}

export async function findIssuedByFingerprint(
  ctx: ServiceContext,
  fingerprint: string,
): Promise<IssuedCertificateRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(issuedCertificates)
    .where(eq(issuedCertificates.fingerprint, fingerprint))
    .limit(1);
  return row;
}

/**
 * A renewal was issued: the old certificate is revoked (no more reminders, no KEY login with it) and the
 * applicant's binding moves to the new one, so KEY login works again once it is on the KEY. Only the
 * applicant's: a binding of another account is never carried to a key it does not hold.
 */
export async function replaceCertificate(
  db: Database,
  replaced: { oldId: string; newId: string; accountId: string },
  now: Date,
): Promise<void> {
  const revoked = await db
    .update(issuedCertificates)
    .set({
      status: 'revoked',
      revokedAt: now,
      revocationReason: 'superseded',
      ...bumped(issuedCertificates, now),
    })
    .where(and(eq(issuedCertificates.id, replaced.oldId), eq(issuedCertificates.status, 'valid')))
    .returning({ id: issuedCertificates.id });
  if (revoked.length === 0) {
    throw new AppError('PRECONDITION_FAILED', '原证书已被注销，不能为它续费发证；请驳回该续费申请');
  }
  await db
    .update(boundCertificates)
    .set({ certificateId: replaced.newId, ...bumped(boundCertificates, now) })
    .where(
      and(
        eq(boundCertificates.certificateId, replaced.oldId),
        eq(boundCertificates.accountId, replaced.accountId),
      ),
    );
}
