import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/errors';
import { daysLeft, expiryLevel } from '../../src-shared/rules/certificateExpiry';
import type { BoundCertificate, ProvePossessionInput } from '../../src-shared/schemas/key';
import { created } from '../db/records';
import {
  boundCertificates,
  issuedCertificates,
  type BoundCertificateRow,
  type IssuedCertificateRow,
} from '../db/schema';
import { violatedUniqueIndex } from './accountErrors';
import type { ServiceContext } from './context';
import { provePossession } from './possession';
import type { Authenticated } from './sessions';

function alreadyBound(): AppError {
  return new AppError(
    'CERT_ALREADY_BOUND',
    '该证书已绑定其他账号，一张证书只能绑定一个账号；如需改绑，请到服务窗口办理',
  );
}

export function toBoundCertificate(
  ctx: ServiceContext,
  bound: BoundCertificateRow,
  issued: IssuedCertificateRow,
): BoundCertificate {
  const now = ctx.clock.now();
  return {
    id: bound.id,
    fingerprint: issued.fingerprint,
    serialNumber: issued.serialNumber,
    subject: issued.subject,
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
    daysLeft: daysLeft(issued.notAfter, now),
    expiry: expiryLevel(issued.notBefore, issued.notAfter, now),
    role: bound.role,
    boundAt: bound.boundAt.toISOString(),
    version: bound.version,
  };
}

/** Binds a certificate to the session's account as operator (经办人); binding it again is a no-op. */
export async function bindCertificate(
  ctx: ServiceContext,
  auth: Authenticated,
  input: ProvePossessionInput,
): Promise<BoundCertificate> {
  const issued = await provePossession(ctx, input, 'bind', auth.account.id);
  const [existing] = await ctx.db
    .select()
    .from(boundCertificates)
    .where(eq(boundCertificates.certificateId, issued.id))
    .limit(1);
  if (existing) {
    if (existing.accountId !== auth.account.id) throw alreadyBound();
    return toBoundCertificate(ctx, existing, issued);
  }
  const now = ctx.clock.now();
  try {
    const [row] = await ctx.db
      .insert(boundCertificates)
      .values({ certificateId: issued.id, accountId: auth.account.id, boundAt: now, ...created(now) })
      .returning();
    return toBoundCertificate(ctx, row!, issued);
  } catch (error) {
    // Two binds of one certificate raced: the loser answers as if it had come second.
    if (violatedUniqueIndex(error) !== 'bound_certificates_certificate_key') throw error;
    const [winner] = await ctx.db
      .select()
      .from(boundCertificates)
      .where(
        and(eq(boundCertificates.certificateId, issued.id), eq(boundCertificates.accountId, auth.account.id)),
      );
    if (!winner) throw alreadyBound();
    return toBoundCertificate(ctx, winner, issued);
  }
}

export async function listBoundCertificates(
  ctx: ServiceContext,
  accountId: string,
): Promise<{ items: BoundCertificate[] }> {
  const rows = await ctx.db
    .select({ bound: boundCertificates, issued: issuedCertificates })
    .from(boundCertificates)
    .innerJoin(issuedCertificates, eq(issuedCertificates.id, boundCertificates.certificateId))
    .where(eq(boundCertificates.accountId, accountId))
    .orderBy(desc(boundCertificates.boundAt));
  return { items: rows.map(({ bound, issued }) => toBoundCertificate(ctx, bound, issued)) };
}

/** The account a certificate is bound to, if any. */
export async function boundAccountId(ctx: ServiceContext, certificateId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ accountId: boundCertificates.accountId })
    .from(boundCertificates)
    .where(eq(boundCertificates.certificateId, certificateId))
    .limit(1);
  return row?.accountId ?? null;
}
