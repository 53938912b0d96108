import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  ISSUED_CERTIFICATE,
  keptCertificateRevoked,
  keptIssuedCertificate,
} from '../../src-main/core/sync/keptCertificates';

function selfSigned(): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date('2026-12-01T00:00:00Z');
  certificate.validity.notAfter = new Date('2027-12-01T00:00:00Z');
  certificate.setSubject([{ name: 'commonName', value: 'certdesk test holder' }]);
  certificate.setIssuer([{ name: 'commonName', value: 'certdesk test CA' }]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}

const pem = selfSigned();
const application = { id: 'app-1', certificateId: 'cert-1' };
const kept = (status: 'valid' | 'revoked') => ({
  kept: (kind: string, id: string) =>
    kind === ISSUED_CERTIFICATE && id === 'cert-1'
      ? {
          serverJson: null,
          serverVersion: 1,
          sync: 'synced' as const,
          changedAt: '2026-12-01T00:00:00.000Z',
          json: {
            certificateId: 'cert-1',
            pem,
            serialNumber: '01',
            fingerprint: createHash('sha256').update(new X509Certificate(pem).raw).digest('hex'),
            notBefore: '2026-12-01T00:00:00.000Z',
            notAfter: '2027-12-01T00:00:00.000Z',
            applicationId: 'app-1',
            status,
          },
        }
      : null,
});

describe('the issued certificate kept for 写入 KEY offline', () => {
  it('is offered while valid', () => {
    expect(keptIssuedCertificate(kept('valid'), application)).toMatchObject({ certificateId: 'cert-1' });
    expect(keptCertificateRevoked(kept('valid'), application)).toBe(false);
  });

  it('is not offered once revoked, and says so', () => {
    expect(keptIssuedCertificate(kept('revoked'), application)).toBeNull();
    expect(keptCertificateRevoked(kept('revoked'), application)).toBe(true);
    expect(keptCertificateRevoked(kept('revoked'), { id: 'app-2', certificateId: 'cert-1' })).toBe(false);
  });
});
