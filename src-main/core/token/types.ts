/**
 * What the token layer tells its callers: plain data that crosses the process boundary as JSON. The shapes
 * are the shared KEY schemas (src-shared/schemas/key.ts), so the IPC contract and this layer share one source.
 */
export type {
  PinState,
  TokenSummary,
  NameInfo,
  ExpiryLevel,
  CertificateDetails,
  ReadableTokenCertificate,
  UnreadableTokenCertificate,
  TokenCertificate,
  KeyAlgorithm,
  CsrSubject,
  LoginResult,
  GeneratedRequest,
  ChallengeSignature,
  TokenMechanisms,
} from '../../../src-shared/schemas/key';
