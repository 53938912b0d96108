import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { DEV_CAPTCHA_PATH, DEV_SMS_PATH, type DevSms } from '../../src-shared/api/routes';
import type { Clock } from '../../src-server/clock';
import type { Database } from '../../src-server/db/database';
import type { Limits } from '../../src-server/limits';
import { startServer, type ServerOptions } from '../../src-server/server';

export type Backend = 'pglite' | 'postgres';

/** The backends to run server tests on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function backends(): Backend[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A clock tests move by hand, for expiry rules without sleeping. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-03-10T06:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(date: Date | string): void {
    this.current = new Date(date).getTime();
  }
}

export interface TestServerOptions {
  backend?: Backend;
  /** 0 (default) picks a free port; a restart asks for the port the server had. */
  port?: number;
  /**
   * The server's data folder, for a server started again on the same data: PGlite keeps its database here
   * (instead of in memory), and on both backends the CA keeps its key in `ca/`. Default: none.
   */
  dataDir?: string;
  /** On postgres: this existing database (neither created nor dropped) instead of a scratch one. */
  databaseUrl?: string;
  demo?: boolean;
  limits?: Partial<Limits>;
  clock?: Clock;
  /** Development mode (dev routes, dev SMS outbox, sandbox payments); on unless a test says otherwise. */
  dev?: boolean;
  sms?: ServerOptions['sms'];
  payments?: ServerOptions['payments'];
  trustProxy?: ServerOptions['trustProxy'];
  /** The server secret (keys of SMS hashes and the sandbox payment signatures); random when omitted. */
  secret?: string;
  /** The e-invoice font; a known system font when omitted. */
  cjkFont?: ServerOptions['cjkFont'];
  /** The CA key's passphrase and CRL address; production-mode servers get test ones when omitted. */
  caPassphrase?: string;
  crlUrl?: string;
  /** Capture the server's log lines (at level info) instead of silencing them. */
  logStream?: ServerOptions['logStream'];
}

export interface TestServer {
  /** The scratch PostgreSQL database's URL; null on PGlite. */
  databaseUrl: string | null;
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The server's database: for checking what a request left behind (or did not). */
  db: Database;
  close(): Promise<void>;
  /** The latest SMS code sent to `phone`, read from the dev outbox. */
  smsCode(phone: string): Promise<string>;
  /** The answer of an image captcha, read from the dev route. */
  captchaText(captchaId: string): Promise<string>;
}

/**
 * Starts the real API server on a random port over a fresh database: in-memory PGlite, or a
 * PostgreSQL database with a random name created on DATABASE_URL and dropped on close.
 */
export const TEST_CA_PASSPHRASE = 'a-test-ca-passphrase';
export const TEST_CRL_URL = 'http://crl.certdesk.test/api/v1/ca/crl';

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const backend = options.backend ?? 'pglite';
  const dev = options.dev ?? true;
  const scratch = backend === 'postgres' && !options.databaseUrl ? await createScratchDatabase() : null;
  const postgresUrl = backend === 'postgres' ? (options.databaseUrl ?? scratch?.url) : undefined;
  try {
    const server = await startServer({
      port: options.port ?? 0,
      database: postgresUrl
        ? { kind: 'postgres', url: postgresUrl }
        : {
            kind: 'pglite',
            dataDir: options.dataDir === undefined ? undefined : join(options.dataDir, 'db'),
          },
      ca: options.dataDir === undefined ? undefined : { kind: 'dir', dir: join(options.dataDir, 'ca') },
      demo: options.demo ?? false,
      dev,
      caPassphrase: options.caPassphrase ?? (dev ? undefined : TEST_CA_PASSPHRASE),
      crlUrl: options.crlUrl ?? (dev ? undefined : TEST_CRL_URL),
      logLevel: options.logStream ? 'info' : 'silent',
      logStream: options.logStream,
      limits: options.limits,
      clock: options.clock,
      sms: options.sms,
      payments: options.payments,
      trustProxy: options.trustProxy,
      secret: options.secret,
      cjkFont: options.cjkFont,
    });
    return {
      url: server.url,
      db: server.db,
      databaseUrl: postgresUrl ?? null,
      async close() {
        try {
          await server.close();
        } finally {
          await scratch?.drop();
        }
      },
      ...devReaders(server.url),
    };
  } catch (error) {
    await scratch?.drop();
    throw error;
  }
}

/** What a test reads from a development server's dev routes (SMS outbox, captcha answers). */
export function devReaders(url: string): Pick<TestServer, 'smsCode' | 'captchaText'> {
  const getJson = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    async smsCode(phone) {
      const { messages } = (await getJson(`${DEV_SMS_PATH}?phone=${encodeURIComponent(phone)}`)) as {
        messages: DevSms[];
      };
      const latest = messages[0];
      if (!latest) throw new Error(`no SMS was sent to ${phone}`);
      return latest.code;
    },
    async captchaText(captchaId) {
      const { text } = (await getJson(`${DEV_CAPTCHA_PATH}?captchaId=${encodeURIComponent(captchaId)}`)) as {
        text: string;
      };
      return text;
    },
  };
}

/** A PostgreSQL database with a random name on DATABASE_URL's server (or `adminUrl`'s), for one test file. */
export async function createScratchDatabase(
  adminUrl = process.env.DATABASE_URL,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `certdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
