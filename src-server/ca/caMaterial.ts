import { createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509';

/** Where the CA's key and certificate live. */
export type CaSource =
  /** Created on first start, then loaded: `ca-key.pem` (mode 0600) and `ca-cert.pem`. */
  | { kind: 'dir'; dir: string }
  /** Files made elsewhere (an offline root ceremony); never written. */
  | { kind: 'files'; keyFile: string; certFile: string }
  /** A fresh CA per start, for in-memory test servers. */
  | { kind: 'memory' };

export interface CaMaterial {
  privateKey: CryptoKey;
  certificate: X509Certificate;
}

export const CA_KEY_FILE = 'ca-key.pem';
export const CA_CERT_FILE = 'ca-cert.pem';

const SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const ROOT_VALIDITY_YEARS = 20;
export const CA_NAME = 'C=CN, O=certdesk 证书服务中心, CN=certdesk 证书服务中心 根 CA';

export async function loadCaMaterial(source: CaSource, now: Date): Promise<CaMaterial> {
  if (source.kind === 'memory') return createCa(now);
  if (source.kind === 'files') return readCa(source.keyFile, source.certFile);
  const keyFile = join(source.dir, CA_KEY_FILE);
  const certFile = join(source.dir, CA_CERT_FILE);
  const existing = await readCa(keyFile, certFile).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (existing) return existing;
  const created = await createCa(now);
  await mkdir(source.dir, { recursive: true, mode: 0o700 });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', created.privateKey));
  // 'wx': two servers starting on one empty folder must not overwrite each other's key.
  await writeFile(keyFile, toPem(pkcs8, 'PRIVATE KEY'), { mode: 0o600, flag: 'wx' });
  await chmod(keyFile, 0o600);
  await writeFile(certFile, created.certificate.toString(), { flag: 'wx' });
  return created;
}

async function readCa(keyFile: string, certFile: string): Promise<CaMaterial> {
  const [keyPem, certPem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  const nodeKey = createPrivateKey(keyPem);
  const certificate = new X509Certificate(certPem);
  const expectedSpki = createPublicKey(nodeKey).export({ type: 'spki', format: 'der' });
  const actualSpki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  if (!expectedSpki.equals(actualSpki)) {
    throw new Error(`CA 私钥（${keyFile}）与 CA 证书（${certFile}）不匹配，请检查配置的文件`);
  }
  if (!certificate.ca) throw new Error(`${certFile} 不是 CA 证书（缺少 basicConstraints CA:TRUE）`);
  const pkcs8 = nodeKey.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, SIGNING, false, ['sign']);
  return { privateKey, certificate };
}

async function createCa(now: Date): Promise<CaMaterial> {
  const keys = (await crypto.subtle.generateKey(
    { ...SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_VALIDITY_YEARS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: positiveSerial(),
    name: CA_NAME,
    notBefore: now,
    notAfter,
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { privateKey: keys.privateKey, certificate: new X509Certificate(certificate.toString('pem')) };
}

/** A random positive 128-bit serial (hex): the top bit is cleared and the first byte never 00, so DER keeps all 16 bytes. */
export function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export { SIGNING as CA_SIGNING };
