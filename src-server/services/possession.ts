import { verify, X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import {
  challengeMessage,
  type ChallengePurpose,
  type ProvePossessionInput,
} from '../../src-shared/schemas/key';
import { fingerprintOf } from '../ca/authority';
import type { IssuedCertificateRow, KeyChallengeRow } from '../db/schema';
import type { ServiceContext } from './context';
import { findIssuedByFingerprint } from './issuedCertificates';
import { consumeChallenge, unusedChallenge } from './keyChallenges';

function certificateError(
  code: 'CERT_INVALID' | 'CERT_UNTRUSTED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_REVOKED',
  message: string,
): AppError {
  return new AppError(code, message, { fields: [{ field: 'certificatePem', message }] });
}

function readCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw certificateError('CERT_INVALID', '无法读取该证书，请确认 KEY 中的证书完好后重试');
  }
}

function signatureMatches(
  certificate: X509Certificate,
  input: ProvePossessionInput,
  message: string,
): boolean {
  const keyType = certificate.publicKey.asymmetricKeyType;
  const expected =
    keyType === 'rsa' ? 'sha256WithRSAEncryption' : keyType === 'ec' ? 'ecdsa-with-SHA256' : null;
  if (input.algorithm !== expected) return false;
  try {
    return verify(
      'sha256',
      Buffer.from(message, 'utf8'),
      { key: certificate.publicKey, dsaEncoding: 'der' },
      Buffer.from(input.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * Proof that the caller holds the key of a valid certificate of our CA: the challenge (used up
 * whatever happens next), then the certificate (ours, on record, not revoked, within validity),
 * then the signature over the challenge message with the certificate's key.
 */
export async function provePossession(
  ctx: ServiceContext,
  input: ProvePossessionInput,
  purpose: ChallengePurpose,
  accountId: string | null,
): Promise<IssuedCertificateRow> {
  const challenge = await consumeChallenge(ctx, input.challengeId, purpose, accountId);
  return provenCertificate(ctx, input, challenge);
}

/**
 * The same proof with the challenge left unused: the caller uses it up (useChallenge) in the
 * transaction that acts on the proof, so a refusal for some other reason keeps the proof good.
 */
export async function checkPossession(
  ctx: ServiceContext,
  input: ProvePossessionInput,
  purpose: ChallengePurpose,
  accountId: string,
): Promise<IssuedCertificateRow> {
  const challenge = await unusedChallenge(ctx, input.challengeId, purpose, accountId);
  return provenCertificate(ctx, input, challenge);
}

async function provenCertificate(
  ctx: ServiceContext,
  input: ProvePossessionInput,
  challenge: KeyChallengeRow,
): Promise<IssuedCertificateRow> {
  const certificate = readCertificate(input.certificatePem);
  const record = ctx.ca.issued(certificate)
    ? await findIssuedByFingerprint(ctx, fingerprintOf(certificate.raw))
    : undefined;
  if (!record) {
    throw certificateError('CERT_UNTRUSTED', '该证书不是本中心签发的，无法使用，请插入本中心签发证书的 KEY');
  }
  if (record.status === 'revoked') {
    throw certificateError('CERT_REVOKED', '该证书已被注销，无法使用，请到服务窗口办理新证书');
  }
  const now = ctx.clock.now();
  if (now < record.notBefore) {
    throw certificateError('CERT_NOT_YET_VALID', '该证书尚未生效，请在生效日期后再试');
  }
  if (now > record.notAfter && challenge.purpose !== 'renew') {
    throw certificateError('CERT_EXPIRED', '该证书已过期，无法使用，请先办理证书续期');
  }
  if (!signatureMatches(certificate, input, challengeMessage({ ...challenge, challengeId: challenge.id }))) {
    throw new AppError(
      'SIGNATURE_INVALID',
      '签名验证未通过：签名与证书不匹配，请确认使用的是该证书所在的 KEY 后重试',
    );
  }
  return record;
}
