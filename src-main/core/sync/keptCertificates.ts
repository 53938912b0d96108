import { X509Certificate, createHash } from 'node:crypto';
import type { ApplicationCertificate } from '../../../src-shared/schemas/application';
import { syncedCertificateSchema } from '../../../src-shared/schemas/sync';
import type { SyncService } from './index';

/** Kind of the kept issued certificates (the pull's `issuedCertificates`, keyed by certificate id). */
export const ISSUED_CERTIFICATE = 'issuedCertificate';

function derFingerprint(pem: string): string | null {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
  } catch {
    return null;
  }
}

/**
 * The certificate issued for an application as the pull kept it on this computer (issue 9: 写入 KEY
 * offline), or null when none is kept. Only the one the application now names counts (a reissue replaces
 * it), and only when its PEM is whole: a certificate and fingerprint that disagree are not written.
 */
export function keptIssuedCertificate(
  sync: Pick<SyncService, 'kept'>,
  application: { id: string; certificateId: string | null },
): ApplicationCertificate | null {
  if (application.certificateId === null) return null;
  const record = sync.kept(ISSUED_CERTIFICATE, application.certificateId);
  const parsed = syncedCertificateSchema.safeParse(record?.json);
  if (!parsed.success || parsed.data.applicationId !== application.id) return null;
  // A revoked one is not offered for writing: the caller tells why with keptCertificateRevoked.
  if (parsed.data.status === 'revoked') return null;
  const { applicationId: _applicationId, status: _status, ...certificate } = parsed.data;
  if (derFingerprint(certificate.pem) !== certificate.fingerprint.toLowerCase()) return null;
  return certificate;
}

/** Whether the certificate kept for the application was revoked (the pull brought its new status). */
export function keptCertificateRevoked(
  sync: Pick<SyncService, 'kept'>,
  application: { id: string; certificateId: string | null },
): boolean {
  if (application.certificateId === null) return false;
  const parsed = syncedCertificateSchema.safeParse(
    sync.kept(ISSUED_CERTIFICATE, application.certificateId)?.json,
  );
  return parsed.success && parsed.data.applicationId === application.id && parsed.data.status === 'revoked';
}
