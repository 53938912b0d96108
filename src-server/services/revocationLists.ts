import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { issuedCertificates, revocationLists, type RevocationListRow } from '../db/schema';
import type { ServiceContext } from './context';

/**
 * The CRL the CA publishes: the newest one signed stays until a certificate is revoked after it, or until
 * it nears its nextUpdate; then the first request signs the next one, under a lock so instances sharing a
 * database sign it once.
 */

const HOUR_MS = 60 * 60 * 1000;
const CRL_VALIDITY_MS = 24 * HOUR_MS;
/** Signed again this long before nextUpdate, so a relying party never finds only a lapsed list. */
const RESIGN_BEFORE_MS = HOUR_MS;
/** Arbitrary, fixed: the advisory lock of CRL signing (certificate jobs use 4_004_001). */
const CRL_LOCK = 4_004_002;

export type PublishedRevocationList = Pick<
  RevocationListRow,
  'crlNumber' | 'der' | 'thisUpdate' | 'nextUpdate'
>;

async function newest(db: Database, issuer: string): Promise<RevocationListRow | undefined> {
  const [row] = await db
    .select()
    .from(revocationLists)
    .where(eq(revocationLists.issuerFingerprint, issuer))
    .orderBy(desc(revocationLists.crlNumber))
    .limit(1);
  return row;
}

/** Revoked certificates are never reinstated, so a changed count means a revocation since. */
async function revokedCount(db: Database): Promise<number> {
  return db.$count(issuedCertificates, eq(issuedCertificates.status, 'revoked'));
}

function current(list: RevocationListRow | undefined, revoked: number, now: Date): list is RevocationListRow {
  return (
    list !== undefined &&
    list.entries === revoked &&
    now.getTime() < list.nextUpdate.getTime() - RESIGN_BEFORE_MS
  );
}

export async function publishedRevocationList(ctx: ServiceContext): Promise<PublishedRevocationList> {
  const now = ctx.clock.now();
  const issuer = ctx.ca.fingerprint;
  const latest = await newest(ctx.db, issuer);
  if (current(latest, await revokedCount(ctx.db), now)) return latest;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CRL_LOCK})`);
    const revoked = await tx
      .select({
        serialNumber: issuedCertificates.serialNumber,
        revokedAt: issuedCertificates.revokedAt,
        updatedAt: issuedCertificates.updatedAt,
        reason: issuedCertificates.revocationReason,
      })
      .from(issuedCertificates)
      .where(eq(issuedCertificates.status, 'revoked'))
      .orderBy(asc(issuedCertificates.revokedAt), asc(issuedCertificates.serialNumber));
    const again = await newest(tx, issuer);
    if (current(again, revoked.length, now)) return again;

    const result = (await tx.execute(sql`select nextval('crl_number') as n`)) as unknown as {
      rows: { n: string | number | bigint }[];
    };
    const crlNumber = Number(result.rows[0]!.n);
    const nextUpdate = new Date(now.getTime() + CRL_VALIDITY_MS);
    const der = await ctx.ca.signRevocationList({
      crlNumber,
      thisUpdate: now,
      nextUpdate,
      entries: revoked.map((row) => ({
        serialNumber: row.serialNumber,
        revokedAt: row.revokedAt ?? row.updatedAt,
        reason: row.reason,
      })),
    });
    const list = {
      crlNumber,
      issuerFingerprint: issuer,
      der,
      thisUpdate: now,
      nextUpdate,
      entries: revoked.length,
      createdAt: now,
    };
    await tx.insert(revocationLists).values(list);
    await tx
      .delete(revocationLists)
      .where(and(eq(revocationLists.issuerFingerprint, issuer), lt(revocationLists.crlNumber, crlNumber)));
    return list;
  });
}
