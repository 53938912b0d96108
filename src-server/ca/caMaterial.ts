import { createPrivateKey, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x509 } from './x509';

/** Where the CA's key and certificate live. */
export type CaSource =
  /**
   * Created on first start, then loaded: `ca-key.pem` (mode 0600; encrypted PKCS#8 when a passphrase is
   * given) and `ca-cert.pem`.
   */
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

/**
 * `passphrase`: the key is kept encrypted with it (a new one is written so, an unencrypted one is refused);
 * without it the key must be unencrypted (development).
 */
export async function loadCaMaterial(source: CaSource, now: Date, passphrase?: string): Promise<CaMaterial> {
  if (source.kind === 'memory') return createCa(now);
  if (source.kind === 'files') return readCa(source.keyFile, source.certFile, passphrase);
  const keyFile = join(source.dir, CA_KEY_FILE);
  const certFile = join(source.dir, CA_CERT_FILE);
  const existing = await readCa(keyFile, certFile, passphrase).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (existing) return existing;
  const created = await createCa(now);
  await mkdir(source.dir, { recursive: true, mode: 0o700 });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', created.privateKey));
  const keyPem = passphrase
    ? createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase,
      })
    : toPem(pkcs8, 'PRIVATE KEY');
  // 'wx': two servers starting on one empty folder must not overwrite each other's key.
  await writeFile(keyFile, keyPem, { mode: 0o600, flag: 'wx' });
  await chmod(keyFile, 0o600);
  await writeFile(certFile, created.certificate.toString(), { flag: 'wx' });
  return created;
}

async function readCa(
  keyFile: string,
  certFile: string,
  passphrase: string | undefined,
): Promise<CaMaterial> {
  const [keyPem, certPem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  const nodeKey = privateKeyFrom(keyPem, keyFile, passphrase);
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

/** PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional PEM key encrypted by OpenSSL. */
function isEncrypted(keyPem: string): boolean {
  return (
    keyPem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || keyPem.includes('Proc-Type: 4,ENCRYPTED')
  );
}

function privateKeyFrom(keyPem: string, keyFile: string, passphrase: string | undefined): KeyObject {
  const encrypted = isEncrypted(keyPem);
  if (passphrase !== undefined && !encrypted) {
    throw new Error(
      `CA 私钥（${keyFile}）未加密保存，配置了口令时只接受加密的私钥：请用 openssl pkcs8 -topk8 -v2 aes-256-cbc -in ${keyFile} -out ${keyFile}.enc 以该口令加密，再用加密后的文件替换原文件（或把配置项 ca.keyFile 指向它）`,
    );
  }
  if (passphrase === undefined && encrypted) {
    throw new Error(
      `CA 私钥（${keyFile}）已加密：请用环境变量 CERTDESK_CA_PASSPHRASE 或配置项 ca.passphrase 给出口令`,
    );
  }
  try {
    return createPrivateKey(encrypted ? { key: keyPem, format: 'pem', passphrase } : keyPem);
  } catch {
    throw new Error(
      encrypted
        ? `CA 私钥（${keyFile}）无法用配置的口令解密：请检查 CERTDESK_CA_PASSPHRASE（或配置项 ca.passphrase）`
        : `CA 私钥（${keyFile}）无法读取：应为 PEM 格式的 PKCS#8 私钥`,
    );
  }
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
