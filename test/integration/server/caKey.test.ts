import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CERT_FILE, CA_KEY_FILE } from '../../../src-server/ca/caMaterial';
import { ConfigError, loadServerConfig } from '../../../src-server/config/serverConfig';
import { startServer, type ServerOptions } from '../../../src-server/server';
import type { SmsProvider } from '../../../src-server/sms/provider';
import { ok } from './api';

const PASSPHRASE = 'correct horse battery';
const SECRET = 'a-production-secret-of-at-least-32-characters';
const CRL_URL = 'https://ca.example.cn/api/v1/ca/crl';
const quietSms: SmsProvider = { name: 'quiet', isDevelopment: false, send: async () => undefined };

function openssl(args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

describe('the CA key at rest', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'certdesk-ca-key-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function caOf(options: Partial<ServerOptions> & Pick<ServerOptions, 'database'>) {
    const server = await startServer({ port: 0, logLevel: 'silent', dev: true, ...options });
    try {
      return await ok(server, 'ca.certificate', {});
    } finally {
      await server.close();
    }
  }

  const production = (options: Partial<ServerOptions>) =>
    startServer({
      port: 0,
      logLevel: 'silent',
      database: { kind: 'pglite' },
      secret: SECRET,
      sms: quietSms,
      payments: null,
      ...options,
    });

  it('is written as encrypted PKCS#8 (mode 0600) with the passphrase, and reloaded only with it', async () => {
    const dataDir = join(work, 'encrypted');
    const first = await caOf({ database: { kind: 'pglite', dataDir }, caPassphrase: PASSPHRASE });
    const keyFile = join(dataDir, 'ca', CA_KEY_FILE);
    const keyPem = await readFile(keyFile, 'utf8');
    expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(keyPem).not.toContain('BEGIN PRIVATE KEY');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const parsed = openssl(['asn1parse', '-in', keyFile]);
    expect(parsed.output).toContain('PBES2');
    expect(parsed.output).toContain('aes-256-cbc');
    expect(openssl(['pkey', '-in', keyFile, '-passin', `pass:${PASSPHRASE}`, '-noout']).ok).toBe(true);
    expect(openssl(['pkey', '-in', keyFile, '-passin', 'pass:not the passphrase', '-noout']).ok).toBe(false);

    expect(await caOf({ database: { kind: 'pglite', dataDir }, caPassphrase: PASSPHRASE })).toEqual(first);
    await expect(caOf({ database: { kind: 'pglite', dataDir } })).rejects.toThrow(
      /CA 私钥（.*）已加密：请用环境变量 CERTDESK_CA_PASSPHRASE/,
    );
    await expect(
      caOf({ database: { kind: 'pglite', dataDir }, caPassphrase: 'not the passphrase' }),
    ).rejects.toThrow(/无法用配置的口令解密/);
  });

  it('stays unencrypted in development without a passphrase, with a warning in the log', async () => {
    const dataDir = join(work, 'dev');
    const lines: string[] = [];
    const server = await startServer({
      port: 0,
      dev: true,
      database: { kind: 'pglite', dataDir },
      logLevel: 'info',
      logStream: { write: (line) => void lines.push(line) },
    });
    await server.close();
    expect(await readFile(join(dataDir, 'ca', CA_KEY_FILE), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const warning = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warning).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining('CA 私钥未加密保存') }),
    );
  });

  it('production refuses to start without a passphrase and a CRL address, naming both', async () => {
    await expect(production({})).rejects.toThrow(
      /^生产模式缺少配置：CA 私钥口令（环境变量 CERTDESK_CA_PASSPHRASE 或配置项 ca\.passphrase.*；CRL 发布地址（环境变量 CERTDESK_CA_CRL_URL 或配置项 ca\.crlUrl/,
    );
    await expect(production({ caPassphrase: 'short', crlUrl: CRL_URL })).rejects.toThrow(
      /足够长的 CA 私钥口令（CERTDESK_CA_PASSPHRASE 至少 12 个字符）/,
    );
    await expect(production({ caPassphrase: PASSPHRASE })).rejects.toThrow(/^生产模式缺少配置：CRL 发布地址/);
  });

  it('production refuses an unencrypted key file and names the openssl command that encrypts it', async () => {
    const dataDir = join(work, 'plain');
    const plain = await caOf({ database: { kind: 'pglite', dataDir } });
    const keyFile = join(dataDir, 'ca', CA_KEY_FILE);
    const certFile = join(dataDir, 'ca', CA_CERT_FILE);
    const refused = production({
      ca: { kind: 'files', keyFile, certFile },
      caPassphrase: PASSPHRASE,
      crlUrl: CRL_URL,
    });
    await expect(refused).rejects.toThrow(
      `openssl pkcs8 -topk8 -v2 aes-256-cbc -in ${keyFile} -out ${keyFile}.enc`,
    );
    await expect(refused).rejects.toThrow(/未加密保存/);

    // The command as printed (with the passphrase given on the command line here), then a start on its output.
    execFileSync('openssl', [
      ...['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', keyFile, '-out', `${keyFile}.enc`],
      ...['-passout', `pass:${PASSPHRASE}`],
    ]);
    const server = await production({
      ca: { kind: 'files', keyFile: `${keyFile}.enc`, certFile },
      caPassphrase: PASSPHRASE,
      crlUrl: CRL_URL,
    });
    try {
      expect(await ok(server, 'ca.certificate', {})).toEqual(plain);
    } finally {
      await server.close();
    }
  });

  it('takes the passphrase and the CRL address from the environment, checked by the config schema', () => {
    const config = loadServerConfig({
      env: { CERTDESK_CA_PASSPHRASE: PASSPHRASE, CERTDESK_CA_CRL_URL: CRL_URL },
      flags: {},
    });
    expect(config.ca).toEqual({ passphrase: PASSPHRASE, crlUrl: CRL_URL });
    const bad = () =>
      loadServerConfig({
        env: { CERTDESK_CA_PASSPHRASE: 'short', CERTDESK_CA_CRL_URL: 'ftp://x' },
        flags: {},
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(
      /配置项 ca\.passphrase（环境变量 CERTDESK_CA_PASSPHRASE）：CA 私钥口令至少 12 个字符/,
    );
    expect(bad).toThrow(
      /配置项 ca\.crlUrl（环境变量 CERTDESK_CA_CRL_URL）：CRL 发布地址应为 http\(s\):\/\/ 开头的网址/,
    );
  });
});
