/** What the token layer tells its callers. Plain data: it crosses the process boundary as JSON. */

export interface PinState {
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one. */
  countLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the KEY. */
  finalTry: boolean;
  /** CKF_USER_PIN_LOCKED. */
  locked: boolean;
  /** CKF_USER_PIN_TO_BE_CHANGED: the module itself demands a new PIN. */
  toBeChanged: boolean;
}

/** One inserted KEY. `serial` is what callers use to address it: slot ids change between insertions. */
export interface TokenSummary {
  serial: string;
  label: string;
  manufacturer: string;
  model: string;
  slotDescription: string;
  pin: PinState;
}

export interface NameInfo {
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  serialNumber: string | null;
  country: string | null;
  province: string | null;
  locality: string | null;
  email: string | null;
  /** A unified social credit code found in OU, serialNumber or CN. */
  creditCode: string | null;
  /** A resident ID number found in serialNumber, OU or CN. */
  idNumber: string | null;
  /** "CN=…, O=…" for display. */
  text: string;
}

export type ExpiryLevel = 'ok' | 'expiring' | 'expired' | 'not-yet-valid';

export interface CertificateDetails {
  subject: NameInfo;
  issuer: NameInfo;
  /** Lower-case hex, no leading zeros beyond one byte. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter, rounded towards zero (negative once expired). */
  daysLeft: number;
  expiry: ExpiryLevel;
  keyAlgorithm: 'RSA' | 'EC' | 'other';
  /** SHA-256 of the DER certificate, lower-case hex: how callers name a certificate. */
  fingerprint: string;
  pem: string;
}

export interface ReadableTokenCertificate extends CertificateDetails {
  readable: true;
  /** CKA_ID (hex) shared with the key pair. */
  keyId: string;
  label: string;
}

/** A certificate object whose value is not an X.509 certificate we can read. */
export interface UnreadableTokenCertificate {
  readable: false;
  fingerprint: string;
  keyId: string;
  label: string;
  problem: string;
}

export type TokenCertificate = ReadableTokenCertificate | UnreadableTokenCertificate;

export type KeyAlgorithm = 'RSA-2048' | 'EC-P256';

export interface CsrSubject {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  /** Credit code or ID number, as X.520 serialNumber (PrintableString). */
  serialNumber?: string;
  country?: string;
  province?: string;
  locality?: string;
}

export interface LoginResult {
  serial: string;
  /** The PIN is still the factory PIN 111111 (or the module demands a change): no signing until it is changed. */
  mustChangePin: boolean;
}

export interface GeneratedRequest {
  keyId: string;
  algorithm: KeyAlgorithm;
  csrPem: string;
}

export interface ChallengeSignature {
  /** Base64 signature: PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC. */
  signature: string;
  algorithm: 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256';
  certificatePem: string;
}

export interface TokenMechanisms {
  rsa2048: boolean;
  ecP256: boolean;
}
