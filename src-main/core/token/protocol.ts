import type { AppErrorBody } from '../../../src-shared/errors';
import type {
  ChallengeSignature,
  CsrSubject,
  GeneratedRequest,
  KeyAlgorithm,
  LoginResult,
  TokenCertificate,
  TokenMechanisms,
  TokenSummary,
} from './types';

interface WithKey {
  serial: string;
}
interface WithPin extends WithKey {
  pin: string;
}

/** Every operation of the token process: its input and its result. */
export interface TokenOps {
  listTokens: { input: Record<string, never>; output: TokenSummary[] };
  mechanisms: { input: WithKey; output: TokenMechanisms };
  listCertificates: { input: WithKey; output: TokenCertificate[] };
  login: { input: WithPin; output: LoginResult };
  changePin: { input: WithKey & { oldPin: string; newPin: string }; output: LoginResult };
  generateRequest: {
    input: WithPin & {
      algorithm: KeyAlgorithm;
      subject: CsrSubject;
      label?: string;
      allowFactoryPin?: boolean;
    };
    output: GeneratedRequest;
  };
  /** Stores the certificate next to its key pair; storing the same certificate twice is a no-op. */
  importCertificate: {
    input: WithPin & { certificatePem: string; label?: string };
    output: TokenCertificate;
  };
  /** Removes a certificate and, when asked, the key pair sharing its CKA_ID. */
  removeCertificate: {
    input: WithPin & { fingerprint: string; removeKeys: boolean };
    output: { removed: boolean };
  };
  signChallenge: {
    input: WithPin & { fingerprint: string; challenge: string; allowFactoryPin?: boolean };
    output: ChallengeSignature;
  };
}

export type OpName = keyof TokenOps;
export type OpInput<N extends OpName> = TokenOps[N]['input'];
export type OpOutput<N extends OpName> = TokenOps[N]['output'];

export const OP_NAMES: readonly OpName[] = [
  'listTokens',
  'mechanisms',
  'listCertificates',
  'login',
  'changePin',
  'generateRequest',
  'importCertificate',
  'removeCertificate',
  'signChallenge',
];

/** Environment the parent gives the token process: the resolved module and how it sees slots. */
export const WORKER_ENV = {
  modulePath: 'CERTDESK_TOKEN_MODULE_PATH',
  slotsFixedAtInitialize: 'CERTDESK_TOKEN_SLOTS_FIXED',
} as const;

export interface WorkerRequest<N extends OpName = OpName> {
  id: number;
  op: N;
  input: OpInput<N>;
}

export type WorkerResponse =
  { id: number; ok: true; data: unknown } | { id: number; ok: false; error: AppErrorBody };

export function isOpName(value: unknown): value is OpName {
  return typeof value === 'string' && (OP_NAMES as readonly string[]).includes(value);
}

export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { id, ok } = value as Record<string, unknown>;
  return typeof id === 'number' && typeof ok === 'boolean';
}
