import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { DEV_CA_ISSUE_PATH, type DevCaIssueInput } from '../../../src-shared/api/routes';
import { challengeMessage, type Challenge, type ProvePossessionInput } from '../../../src-shared/schemas/key';
import { x509 } from '../../../src-server/ca/x509';
import type { TestServer } from '../../helpers/apiServer';
import { ok } from './api';

/** A software stand-in for a KEY: a key pair made with WebCrypto, its request and its signatures. */
export interface SoftKey {
  kind: 'RSA' | 'EC';
  privateKey: KeyObject;
  csrPem: string;
  algorithm: ProvePossessionInput['algorithm'];
}

const ALGORITHMS = {
  RSA: {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  },
  EC: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
} as const;

export async function softKey(kind: 'RSA' | 'EC', name = 'CN=申请人'): Promise<SoftKey> {
  const algorithm = ALGORITHMS[kind];
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: algorithm,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    kind,
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
    csrPem: csr.toString('pem'),
    algorithm: kind === 'RSA' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256',
  };
}

/** Signs what the KEY signs for a challenge: PKCS#1 v1.5 or DER ECDSA over SHA-256. */
export function signChallenge(key: SoftKey, challenge: Challenge): string {
  return sign('sha256', Buffer.from(challengeMessage(challenge), 'utf8'), {
    key: key.privateKey,
    dsaEncoding: 'der',
  }).toString('base64');
}

export async function devIssue(
  server: Pick<TestServer, 'url'>,
  input: DevCaIssueInput,
): Promise<{ status: number; body: { certificatePem: string; code?: string; message?: string } }> {
  const response = await fetch(`${server.url}${DEV_CA_ISSUE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as { certificatePem: string } };
}

/** A certificate of the server's CA for `key`. */
export async function issuedFor(
  server: Pick<TestServer, 'url'>,
  key: SoftKey,
  options: Omit<DevCaIssueInput, 'csrPem'> = {},
): Promise<string> {
  const reply = await devIssue(server, { csrPem: key.csrPem, ...options });
  if (reply.status !== 200) throw new Error(`dev CA issue → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.certificatePem;
}

/** A fresh challenge signed by `key`, ready for bind or KEY login. */
export async function proof(
  server: Pick<TestServer, 'url'>,
  purpose: Challenge['purpose'],
  key: SoftKey,
  certificatePem: string,
  token?: string,
): Promise<ProvePossessionInput> {
  const challenge = await ok(server, 'key.challenge', { purpose }, token);
  return {
    challengeId: challenge.challengeId,
    certificatePem,
    signature: signChallenge(key, challenge),
    algorithm: key.algorithm,
  };
}
