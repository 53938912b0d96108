import { x509 } from './x509';

/** The RFC 5280 CRLReason our revocations give: a renewal replaced it, or the 90-day job retired it. */
export type RevocationReason = 'superseded' | 'cessationOfOperation';

export interface RevokedEntry {
  /** Lower-case hex, as issued_certificates keeps it. */
  serialNumber: string;
  revokedAt: Date;
  /** Null: revoked before reasons were kept (listed without a reason code). */
  reason: RevocationReason | null;
}

export interface RevocationListInput {
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly RevokedEntry[];
}

const CRL_NUMBER_OID = '2.5.29.20';

/** CRLNumber ::= INTEGER, DER-encoded (a leading 00 keeps it positive). */
function crlNumberValue(value: number): Uint8Array<ArrayBuffer> {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex[0]!, 16) >= 8) hex = `00${hex}`;
  return new Uint8Array([0x02, hex.length / 2, ...Buffer.from(hex, 'hex')]);
}

/** A v2 CRL as RFC 5280 asks for it: issuer, CRL number, authority key identifier, one entry per certificate. */
export async function createRevocationList(
  input: RevocationListInput,
  issuer: { certificate: x509.X509Certificate; signingKey: CryptoKey; signingAlgorithm: Algorithm },
): Promise<Buffer> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.certificate.subjectName,
    thisUpdate: input.thisUpdate,
    nextUpdate: input.nextUpdate,
    signingKey: issuer.signingKey,
    signingAlgorithm: issuer.signingAlgorithm,
    extensions: [
      new x509.Extension(CRL_NUMBER_OID, false, crlNumberValue(input.crlNumber)),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
    ],
    entries: input.entries.map((entry) => ({
      serialNumber: entry.serialNumber,
      revocationDate: entry.revokedAt,
      reason: entry.reason === null ? undefined : x509.X509CrlReason[entry.reason],
    })),
  });
  return Buffer.from(crl.rawData);
}
