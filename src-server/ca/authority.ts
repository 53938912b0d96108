import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { CaCertificate, CsrSubject, NameInfo } from '../../src-shared/schemas/key';
import { CA_SIGNING, positiveSerial, type CaMaterial } from './caMaterial';
import { nameInfo, subjectName } from './names';
import { createRevocationList, type RevocationListInput } from './revocationList';
import { x509 } from './x509';

export interface IssueRequest {
  csrPem: string;
  /** Omitted: the subject of the request itself. */
  subject?: CsrSubject;
  notBefore: Date;
  notAfter: Date;
  /** Tried again with a new serial when the database already holds one. */
  serialNumber?: string;
}

export interface IssuedCertificate {
  pem: string;
  /** Lower-case hex. */
  serialNumber: string;
  fingerprint: string;
  subject: NameInfo;
  keyAlgorithm: 'RSA' | 'EC';
  notBefore: Date;
  notAfter: Date;
}

const RSA_MIN_BITS = 2048;
const EC_CURVES = new Set(['P-256', 'P-384']);

function csrInvalid(message: string): AppError {
  return new AppError('CSR_INVALID', message, { fields: [{ field: 'csrPem', message }] });
}

/** The centre's issuing CA: signs certificates for verified requests and recognises its own. */
export class CertificateAuthority {
  readonly certificate: X509Certificate;
  readonly pem: string;
  readonly fingerprint: string;
  private readonly privateKey: CryptoKey;
  private readonly parsed: x509.X509Certificate;
  private crlUrl: string | null;

  /** `crlUrl`: the CRL distribution point issued certificates name; see `publishCrlAt`. */
  constructor(material: CaMaterial, crlUrl?: string) {
    this.crlUrl = crlUrl ?? null;
    this.certificate = material.certificate;
    this.privateKey = material.privateKey;
    this.parsed = new x509.X509Certificate(material.certificate.raw);
    this.pem = material.certificate.toString();
    this.fingerprint = fingerprintOf(material.certificate.raw);
  }

  /**
   * Where the CRL is published, for a development server that learns its own address only once it
   * listens (before any request is served). Until it is known, certificates carry no distribution point.
   */
  publishCrlAt(url: string): void {
    this.crlUrl = url;
  }

  /** Signed by our key under our name: chains to the centre's CA. */
  issued(certificate: X509Certificate): boolean {
    return certificate.checkIssued(this.certificate) && certificate.verify(this.certificate.publicKey);
  }

  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    const csr = await readRequest(request.csrPem);
    const keyAlgorithm = csr.publicKey.algorithm.name === 'ECDSA' ? 'EC' : 'RSA';
    const usage =
      keyAlgorithm === 'RSA'
        ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
        : x509.KeyUsageFlags.digitalSignature;
    const subject = request.subject ? subjectName(request.subject) : csr.subjectName;
    if (!subject.getField('CN').length) throw csrInvalid('证书主题缺少名称（CN），请补全后重新申请');
    const issued = await x509.X509CertificateGenerator.create({
      serialNumber: request.serialNumber ?? positiveSerial(),
      subject,
      issuer: this.parsed.subjectName,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      publicKey: csr.publicKey,
      signingKey: this.privateKey,
      signingAlgorithm: CA_SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.parsed.publicKey),
        ...(this.crlUrl ? [new x509.CRLDistributionPointsExtension([this.crlUrl])] : []),
      ],
    });
    return {
      pem: issued.toString('pem'),
      serialNumber: issued.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''),
      fingerprint: fingerprintOf(Buffer.from(issued.rawData)),
      subject: nameInfo(issued.subjectName),
      keyAlgorithm,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    };
  }

  /** The DER of a CRL signed with our key. */
  signRevocationList(input: RevocationListInput): Promise<Buffer> {
    return createRevocationList(input, {
      certificate: this.parsed,
      signingKey: this.privateKey,
      signingAlgorithm: CA_SIGNING,
    });
  }
}

/** Parses a PKCS#10 request and checks its key type and self-signature; refuses with CSR_INVALID. */
export async function readRequest(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch {
    throw csrInvalid('证书请求（CSR）无法解析，请重新生成');
  }
  const algorithm = csr.publicKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>;
  const supported =
    (algorithm.name === 'RSASSA-PKCS1-v1_5' && (algorithm.modulusLength ?? 0) >= RSA_MIN_BITS) ||
    (algorithm.name === 'ECDSA' && EC_CURVES.has(algorithm.namedCurve ?? ''));
  if (!supported) throw csrInvalid('证书请求的密钥类型不受支持，请使用 RSA 2048 位或 EC P-256 密钥');
  const verified = signedWithNode(csr) || (await csr.verify().catch(() => false));
  if (!verified) throw csrInvalid('证书请求的签名无效，请在 KEY 上重新生成');
  return csr;
}

const NODE_HASHES: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * The request's signature checked by node:crypto over the bytes the library parsed (its `tbs`), which
 * costs a third of the library's WebCrypto verify. Only a yes counts: anything else (another scheme,
 * a signature node will not read) is left to `csr.verify()`, so no request is refused that it passes.
 */
function signedWithNode(csr: x509.Pkcs10CertificateRequest): boolean {
  const algorithm = csr.signatureAlgorithm as { name?: string; hash?: { name?: string } };
  const hash = NODE_HASHES[algorithm.hash?.name ?? ''];
  if (!hash || (algorithm.name !== 'ECDSA' && algorithm.name !== 'RSASSA-PKCS1-v1_5')) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
    const signature = Buffer.from(csr.signature);
    // `tbs` is a getter the library marks private; if a version lacks it, Buffer.from throws: csr.verify().
    const tbs = Buffer.from((csr as unknown as { tbs: ArrayBuffer }).tbs);
    return algorithm.name === 'ECDSA'
      ? verify(hash, tbs, { key, dsaEncoding: 'der' }, signature)
      : verify(hash, tbs, key, signature);
  } catch {
    return false;
  }
}

/** How many checked requests `checkRequest` remembers (a few hundred bytes each). */
const CHECKED_REQUESTS = 1024;
/** SHA-256 of request PEMs that passed `readRequest`, oldest first (a Map keeps insertion order). */
const checkedRequests = new Map<string, true>();

/**
 * `readRequest` for a request that is only checked, not signed: one that already passed (the same
 * PEM text, by its hash) is not parsed and verified again — a retried or edited submission sends the
 * same request. Only passes are remembered, so a refusal is always worked out (and worded) afresh.
 */
export async function checkRequest(csrPem: string): Promise<void> {
  const key = createHash('sha256').update(csrPem).digest('base64');
  if (checkedRequests.delete(key)) {
    checkedRequests.set(key, true);
    return;
  }
  await readRequest(csrPem);
  checkedRequests.set(key, true);
  if (checkedRequests.size > CHECKED_REQUESTS) {
    checkedRequests.delete(checkedRequests.keys().next().value!);
  }
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** What the centre publishes about its CA. */
export function caCertificate(ca: CertificateAuthority): CaCertificate {
  return {
    pem: ca.pem,
    fingerprint: ca.fingerprint,
    subject: nameInfo(new x509.Name(new x509.X509Certificate(ca.certificate.raw).subjectName.toArrayBuffer()))
      .text,
    notAfter: new Date(ca.certificate.validTo).toISOString(),
  };
}
