import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { CA_CRL_PATH, HEALTH_PATH } from '../src-shared/api/routes';
import { AppError } from '../src-shared/errors';
import { CertificateAuthority } from './ca/authority';
import { loadCaMaterial, type CaSource } from './ca/caMaterial';
import { systemClock, type Clock } from './clock';
import { openDatabase, pingDatabase, type Database, type DatabaseOptions } from './db/database';
import { apiHandlers } from './http/apiHandlers';
import { registerApiRoutes } from './http/apiRoutes';
import { registerCaRoutes } from './http/caRoutes';
import { registerDevRoutes } from './http/devRoutes';
import { registerFileRoutes } from './http/fileRoutes';
import { installErrorHandlers } from './http/errorHandler';
import { installJsonParser } from './http/jsonBody';
import { findCjkFont, MISSING_CJK_FONT, type CjkFont } from './invoice/cjkFont';
import { DEFAULT_LIMITS, type Limits } from './limits';
import type { PaymentProvider } from './payments/provider';
import { SandboxPaymentProvider } from './payments/sandboxProvider';
import { seedDemo } from './seed/seedDemo';
import type { ServiceContext } from './services/context';
import { runCertificateJobs } from './services/certificateJobs';
import { purgeExpired } from './services/housekeeping';
import { DevSmsProvider } from './sms/devSmsProvider';
import type { SmsProvider } from './sms/provider';

/** Fastify's trustProxy: hops to trust, or the proxies' addresses and CIDRs. */
export type TrustProxy = number | string[];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  database: DatabaseOptions;
  /**
   * Development mode: the dev routes (SMS outbox, captcha answers, test issuing), the dev SMS outbox and
   * the sandbox payment page, on loopback only. Off by default: production needs a secret, a real SMS
   * gateway and a payment choice, and refuses to start without them.
   */
  dev?: boolean;
  /** Seed the demo accounts (idempotent; their passwords are public, so development mode only). */
  demo?: boolean;
  logLevel?: LogLevel;
  limits?: Partial<Limits>;
  clock?: Clock;
  /** SMS gateway; the dev outbox when omitted (development mode only). */
  sms?: SmsProvider;
  /**
   * Key for hashing SMS codes and captcha answers (kept in the database, so they survive a restart and
   * work across instances sharing the secret); random per start when omitted (development mode only).
   */
  secret?: string;
  migrationsFolder?: string;
  /**
   * Behind a reverse proxy: which hops' X-Forwarded-For to believe for the client IP the rate limits count
   * (a number of hops, or the proxies' addresses/CIDRs). Omitted: the header is ignored.
   */
  trustProxy?: TrustProxy;
  /**
   * The issuing CA's key and certificate. Omitted: created once in `<dataDir>/ca` of an embedded
   * database, or a fresh CA per start for an in-memory database or PostgreSQL without a folder.
   */
  ca?: CaSource;
  /**
   * The passphrase the CA's key is encrypted with at rest (required in production). Omitted in development:
   * the key is kept unencrypted, with a warning.
   */
  caPassphrase?: string;
  /**
   * The CRL distribution point issued certificates name (required in production): where relying parties
   * fetch `GET /api/v1/ca/crl`. Omitted in development: this server's own CRL address.
   */
  crlUrl?: string;
  /**
   * Online payment gateway; null: online payment is not offered (transfers only). Omitted: the built-in
   * sandbox in development mode; refused in production, which must say which it uses.
   */
  payments?: PaymentProvider | null;
  /** The CJK font e-invoices are written in; a known system font when omitted. */
  cjkFont?: CjkFont;
  /** Where log lines go (stdout when omitted). */
  logStream?: { write(line: string): void };
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  app: FastifyInstance;
  /** The server's database, for the seed scripts and tests that check what a request left behind. */
  db: Database;
  close(): Promise<void>;
}

const BODY_LIMIT = 64 * 1024;
const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

/** Logs never carry tokens, passwords or codes. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.oldPassword',
  '*.confirmPassword',
  '*.smsCode',
  '*.phoneSmsCode',
  '*.captchaText',
  '*.token',
];

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dev = options.dev ?? false;
  checkMode(options, dev);
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: { paths: REDACT, censor: '[已隐藏]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: fastifyTrustProxy(options.trustProxy),
  });
  // Only JSON bodies are accepted; anything else is refused with 415.
  app.removeContentTypeParser(['text/plain']);
  installJsonParser(app);

  const clock = options.clock ?? systemClock;
  const database = await openDatabase(options.database, options.migrationsFolder, (error) =>
    app.log.warn({ err: error }, 'an idle database connection broke; the pool replaces it'),
  );
  try {
    if (options.demo) await seedDemo(database.db, clock.now());
    const caSource = caSourceOf(options);
    const ca = new CertificateAuthority(
      await loadCaMaterial(caSource, clock.now(), options.caPassphrase),
      options.crlUrl,
    );
    if (caSource.kind !== 'memory' && options.caPassphrase === undefined) {
      app.log.warn(
        { ca: caSource },
        'CA 私钥未加密保存（开发模式）；生产模式须用 CERTDESK_CA_PASSPHRASE 给出口令，私钥加密保存',
      );
    }
    const devSms = options.sms ? null : new DevSmsProvider(app.log);
    const secret = options.secret ? Buffer.from(options.secret) : randomBytes(32);
    const sandboxPayments =
      options.payments === undefined && dev
        ? new SandboxPaymentProvider(keyFor(secret, 'sandbox-payments'))
        : null;
    const invoiceFont = findCjkFont(options.cjkFont);
    if (!invoiceFont) app.log.warn({ cjkFont: options.cjkFont?.path }, MISSING_CJK_FONT);
    const ctx: ServiceContext = {
      db: database.db,
      clock,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      sms: options.sms ?? devSms!,
      secret,
      payments: options.payments ?? sandboxPayments,
      sandboxPayments,
      invoiceFont,
      log: app.log,
      ca,
      devCaptchaAnswers: dev ? new Map() : null,
    };

    installErrorHandlers(app);
    app.get(HEALTH_PATH, async () => {
      try {
        await pingDatabase(ctx.db);
      } catch (error) {
        app.log.error({ err: error }, 'health check: database unreachable');
        throw new AppError('SERVICE_UNAVAILABLE', '数据库暂时不可用，请稍后重试');
      }
      return { status: 'ok' };
    });
    registerApiRoutes(app, ctx, apiHandlers);
    registerFileRoutes(app, ctx);
    registerCaRoutes(app, ctx);
    if (ctx.devCaptchaAnswers) registerDevRoutes(app, ctx, devSms, ctx.devCaptchaAnswers);

    const housekeeping = setInterval(() => {
      purgeExpired(ctx.db, clock, ctx.limits).catch((error: unknown) =>
        app.log.error({ err: error }, 'housekeeping failed'),
      );
      runCertificateJobs(ctx.db, clock.now()).then(
        (run) => run.ran && app.log.info(run, 'certificate jobs'),
        (error: unknown) => app.log.error({ err: error }, 'certificate jobs failed'),
      );
    }, HOUSEKEEPING_INTERVAL_MS);
    housekeeping.unref();
    app.addHook('onClose', async () => clearInterval(housekeeping));

    const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    if (options.crlUrl === undefined) ca.publishCrlAt(`${address}${CA_CRL_PATH}`);
    return {
      url: address,
      app,
      db: database.db,
      async close() {
        try {
          await app.close();
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}

/** Refuses a start whose options do not fit its mode, naming everything that is missing at once. */
function checkMode(options: ServerOptions, dev: boolean): void {
  const host = options.host ?? '127.0.0.1';
  if (dev) {
    if (!isLoopbackHost(host)) {
      throw new Error(
        `开发模式只能监听本机地址（127.0.0.1、::1 或 localhost），当前为 ${host}：开发接口会公开验证码。对外提供服务请去掉 --dev，以生产模式启动。`,
      );
    }
    return;
  }
  if (options.demo) {
    throw new Error('演示账号（--demo）的密码是公开的，只能在开发模式使用：请加 --dev，或去掉 --demo。');
  }
  const missing = productionGaps(options);
  if (missing.length > 0) {
    throw new Error(
      `生产模式缺少配置：${missing.join('；')}。配置方法见 README「生产部署」；在本机开发请加 --dev。`,
    );
  }
}

export const MIN_SECRET_LENGTH = 32;
export const MIN_CA_PASSPHRASE_LENGTH = 12;

function productionGaps(options: ServerOptions): string[] {
  const missing: string[] = [];
  if (!options.secret) {
    missing.push('服务端密钥（环境变量 CERTDESK_SERVER_SECRET 或配置项 secret）');
  } else if (options.secret.length < MIN_SECRET_LENGTH) {
    missing.push(`足够长的服务端密钥（CERTDESK_SERVER_SECRET 至少 ${MIN_SECRET_LENGTH} 个字符）`);
  }
  if (!options.sms || options.sms.isDevelopment) {
    missing.push('短信通道（配置项 sms：开发短信只写日志，用户收不到验证码）');
  }
  if (options.payments === undefined || options.payments?.isSandbox) {
    missing.push(
      '未配置支付通道（配置项 payments.provider：目前尚无真实的在线支付通道，请设为 "none"，只收对公转账）',
    );
  }
  if (!options.caPassphrase) {
    missing.push('CA 私钥口令（环境变量 CERTDESK_CA_PASSPHRASE 或配置项 ca.passphrase：私钥加密保存）');
  } else if (options.caPassphrase.length < MIN_CA_PASSPHRASE_LENGTH) {
    missing.push(`足够长的 CA 私钥口令（CERTDESK_CA_PASSPHRASE 至少 ${MIN_CA_PASSPHRASE_LENGTH} 个字符）`);
  }
  if (!options.crlUrl) {
    missing.push(
      'CRL 发布地址（环境变量 CERTDESK_CA_CRL_URL 或配置项 ca.crlUrl：写入所签证书，指向本服务的 /api/v1/ca/crl）',
    );
  }
  return missing;
}

/** Hops as Fastify counts them (its typings leave out the number form): the nearest `hops` are proxies. */
function fastifyTrustProxy(
  trust: TrustProxy | undefined,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === undefined) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/** A key for one purpose, derived from the server secret. */
function keyFor(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}

function caSourceOf(options: ServerOptions): CaSource {
  if (options.ca) return options.ca;
  const { database } = options;
  if (database.kind === 'pglite' && database.dataDir !== undefined) {
    return { kind: 'dir', dir: join(database.dataDir, 'ca') };
  }
  return { kind: 'memory' };
}
