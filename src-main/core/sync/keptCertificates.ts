import { X509Certificate, createHash } from 'node:crypto';
import type { ApplicationCertificate } from '../../../src-shared/schemas/application';
import { syncedCertificateSchema } from '../../../src-shared/schemas/sync';
import type { z } from '../../../src-shared/zod';
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

/** The kept copy of the certificate the application now names (a reissue replaces it), or null. */
function keptCopy(
  sync: Pick<SyncService, 'kept'>,
  application: { id: string; certificateId: string | null },
): z.infer<typeof syncedCertificateSchema> | null {
  if (application.certificateId === null) return null;
  const parsed = syncedCertificateSchema.safeParse(
    sync.kept(ISSUED_CERTIFICATE, application.certificateId)?.json,
  );
  return parsed.success && parsed.data.applicationId === application.id ? parsed.data : null;
}

/**
 * The certificate issued for an application as the pull kept it on this computer (issue 9: 写入 KEY
 * offline), or null when none is kept. Only when its PEM is whole (a certificate and fingerprint that
 * disagree are not written), and not once revoked: the caller tells why with keptCertificateRevoked.
 */
export function keptIssuedCertificate(
  sync: Pick<SyncService, 'kept'>,
  application: { id: string; certificateId: string | null },
): ApplicationCertificate | null {
  const kept = keptCopy(sync, application);
  if (!kept || kept.status === 'revoked') return null;
  const { applicationId: _applicationId, status: _status, ...certificate } = kept;
  if (derFingerprint(certificate.pem) !== certificate.fingerprint.toLowerCase()) return null;
  return certificate;
}

/** Whether the certificate kept for the application was revoked (the pull brought its new status). */
export function keptCertificateRevoked(
  sync: Pick<SyncService, 'kept'>,
  application: { id: string; certificateId: string | null },
): boolean {
  return keptCopy(sync, application)?.status === 'revoked';
}
