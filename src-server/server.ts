import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { HEALTH_PATH } from '../src-shared/api/routes';
import { AppError } from '../src-shared/errors';
import { CertificateAuthority } from './ca/authority';
import { loadCaMaterial, type CaSource } from './ca/caMaterial';
import { systemClock, type Clock } from './clock';
import { openDatabase, pingDatabase, type Database, type DatabaseOptions } from './db/database';
import { apiHandlers } from './http/apiHandlers';
import { registerApiRoutes } from './http/apiRoutes';
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

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  database: DatabaseOptions;
  /** Production refuses the dev SMS provider and has no dev routes. */
  production?: boolean;
  /** Seed the demo accounts (idempotent). */
  demo?: boolean;
  logLevel?: LogLevel;
  limits?: Partial<Limits>;
  clock?: Clock;
  /** SMS gateway; the dev outbox when omitted (refused in production). */
  sms?: SmsProvider;
  /** Key for hashing SMS codes and captcha answers; random per start when omitted. */
  secret?: string;
  migrationsFolder?: string;
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For. */
  trustProxy?: boolean;
  /**
   * The issuing CA's key and certificate. Omitted: created once in `<dataDir>/ca` of an embedded
   * database, or a fresh CA per start for an in-memory database or PostgreSQL without a folder.
   */
  ca?: CaSource;
  /** Online payment gateway; the built-in sandbox when omitted (none in production). */
  payments?: PaymentProvider;
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
  const production = options.production ?? false;
  if (production && (!options.sms || options.sms.isDevelopment)) {
    throw new Error(
      '生产模式不能使用开发短信通道（验证码只会写进日志，用户收不到）。请配置真实的短信服务，或去掉 --production 以开发模式启动。',
    );
  }
  if (production && options.payments?.isSandbox) {
    throw new Error(
      '生产模式不能使用沙箱支付（不收款即视为已支付）。请配置真实的支付通道，或去掉 --production。',
    );
  }
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: { paths: REDACT, censor: '[已隐藏]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
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
    const ca = new CertificateAuthority(await loadCaMaterial(caSourceOf(options), clock.now()));
    const devSms = options.sms ? null : new DevSmsProvider(app.log);
    const secret = options.secret ? Buffer.from(options.secret) : randomBytes(32);
    const sandboxPayments =
      options.payments || production ? null : new SandboxPaymentProvider(keyFor(secret, 'sandbox-payments'));
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
      devCaptchaAnswers: production ? null : new Map(),
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
