import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from '../../src-shared/zod';
import type { CaSource } from '../ca/caMaterial';
import { ALIYUN_SMS_ENDPOINT, AliyunSmsProvider } from '../sms/aliyunSms';
import {
  MIN_CA_PASSPHRASE_LENGTH,
  MIN_SECRET_LENGTH,
  type LogLevel,
  type ServerOptions,
  type TrustProxy,
} from '../server';

/**
 * The server's configuration: a JSON file (`--config`), then environment variables, then command-line
 * flags, each overriding the one before. Documented in README「生产部署」.
 */

const text = (label: string) =>
  z
    .string({ error: `${label}应为字符串` })
    .trim()
    .min(1, `${label}不能为空`);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const port = z
  .union([z.number(), z.string().regex(/^\d+$/, '端口应为 0–65535 的整数').transform(Number)], {
    error: '端口应为 0–65535 的整数',
  })
  .pipe(z.number().int('端口应为整数').min(0, '端口不能小于 0').max(65535, '端口不能大于 65535'));

/** A number of hops, or addresses/CIDRs (a list, or one comma-separated string). */
const trustProxy = z
  .union([z.number(), z.string(), z.array(z.string())], {
    error: '应为可信代理的层数（如 1），或代理的 IP/CIDR 列表（如 "10.0.0.0/8,127.0.0.1"）',
  })
  .transform((value, ctx): TrustProxy => {
    if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) value = Number(value);
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 1) {
        ctx.addIssue({ code: 'custom', message: '可信代理层数应为不小于 1 的整数' });
      }
      return value;
    }
    const entries = (typeof value === 'string' ? value.split(',') : value).map((entry) => entry.trim());
    for (const entry of entries) {
      if (!isProxyRange(entry)) {
        ctx.addIssue({ code: 'custom', message: `「${entry}」不是 IP 地址或 CIDR（如 10.0.0.0/8）` });
      }
    }
    return entries;
  });

function isProxyRange(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const aliyunSms = z.strictObject({
  provider: z.literal('aliyun'),
  accessKeyId: text('AccessKey ID'),
  accessKeySecret: text('AccessKey Secret'),
  signName: text('短信签名'),
  templateCode: text('短信模板编号'),
  endpoint: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
});

export const serverConfigSchema = z.strictObject({
  port: port.optional(),
  host: text('监听地址').optional(),
  dataDir: text('数据目录').optional(),
  databaseUrl: z
    .string({ error: '应为 postgres:// 开头的连接串' })
    .regex(/^postgres(ql)?:\/\//, '应为 postgres:// 开头的连接串')
    .optional(),
  secret: z
    .string({ error: '服务端密钥应为字符串' })
    .min(MIN_SECRET_LENGTH, `服务端密钥至少 ${MIN_SECRET_LENGTH} 个字符（可用 openssl rand -hex 32 生成）`)
    .optional(),
  logLevel: z.enum(LOG_LEVELS, { error: `应为 ${LOG_LEVELS.join('、')} 之一` }).optional(),
  trustProxy: trustProxy.optional(),
  ca: z
    .strictObject({
      dir: text('CA 目录').optional(),
      keyFile: text('CA 私钥文件').optional(),
      certFile: text('CA 证书文件').optional(),
      passphrase: z
        .string({ error: 'CA 私钥口令应为字符串' })
        .min(
          MIN_CA_PASSPHRASE_LENGTH,
          `CA 私钥口令至少 ${MIN_CA_PASSPHRASE_LENGTH} 个字符（可用 openssl rand -base64 24 生成）`,
        )
        .optional(),
      crlUrl: z.url({ protocol: /^https?$/, error: 'CRL 发布地址应为 http(s):// 开头的网址' }).optional(),
    })
    .refine((ca) => (ca.keyFile === undefined) === (ca.certFile === undefined), {
      message: 'CA 私钥文件（keyFile）与证书文件（certFile）须同时给出',
    })
    .refine((ca) => ca.dir === undefined || ca.keyFile === undefined, {
      message: 'CA 目录（dir）与私钥/证书文件只能二选一',
    })
    .optional(),
  cjkFont: z.strictObject({ path: text('字体文件'), family: text('字体名').optional() }).optional(),
  sms: z
    .discriminatedUnion('provider', [aliyunSms], {
      error: '短信通道 provider 目前只支持 "aliyun"（阿里云短信）',
    })
    .optional(),
  payments: z
    .strictObject({
      provider: z.literal('none', {
        error: '目前尚无真实的在线支付通道，只能设为 "none"（不开通在线支付，只收对公转账）',
      }),
    })
    .optional(),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

/** Environment variables and the configuration key each one sets. */
export const CONFIG_ENV: Record<string, readonly string[]> = {
  DATABASE_URL: ['databaseUrl'],
  CERTDESK_SERVER_SECRET: ['secret'],
  CERTDESK_SERVER_PORT: ['port'],
  CERTDESK_SERVER_HOST: ['host'],
  CERTDESK_SERVER_DATA_DIR: ['dataDir'],
  CERTDESK_SERVER_LOG_LEVEL: ['logLevel'],
  CERTDESK_SERVER_TRUST_PROXY: ['trustProxy'],
  CERTDESK_SMS_PROVIDER: ['sms', 'provider'],
  CERTDESK_SMS_ACCESS_KEY_ID: ['sms', 'accessKeyId'],
  CERTDESK_SMS_ACCESS_KEY_SECRET: ['sms', 'accessKeySecret'],
  CERTDESK_SMS_SIGN_NAME: ['sms', 'signName'],
  CERTDESK_SMS_TEMPLATE_CODE: ['sms', 'templateCode'],
  CERTDESK_SMS_ENDPOINT: ['sms', 'endpoint'],
  CERTDESK_PAYMENTS_PROVIDER: ['payments', 'provider'],
  CERTDESK_CA_PASSPHRASE: ['ca', 'passphrase'],
  CERTDESK_CA_CRL_URL: ['ca', 'crlUrl'],
};

/** Command-line flags (as node:util parseArgs names them) and the key each one sets. */
export const CONFIG_FLAGS: Record<string, readonly string[]> = {
  port: ['port'],
  host: ['host'],
  'data-dir': ['dataDir'],
  'log-level': ['logLevel'],
  'trust-proxy': ['trustProxy'],
  'ca-dir': ['ca', 'dir'],
  'ca-key': ['ca', 'keyFile'],
  'ca-cert': ['ca', 'certFile'],
  'cjk-font': ['cjkFont', 'path'],
  'cjk-font-family': ['cjkFont', 'family'],
};

type Raw = Record<string, unknown>;

export class ConfigError extends Error {}

/** Reads the layers, merges them and validates the result; a bad value is named by its key. */
export function loadServerConfig(sources: {
  file?: string;
  env: NodeJS.ProcessEnv;
  flags: Record<string, string | undefined>;
}): ServerConfig {
  const merged: Raw = sources.file ? readConfigFile(sources.file) : {};
  for (const [name, path] of Object.entries(CONFIG_ENV)) {
    const value = sources.env[name];
    if (value !== undefined && value !== '') setPath(merged, path, value);
  }
  for (const [name, path] of Object.entries(CONFIG_FLAGS)) {
    const value = sources.flags[name];
    if (value !== undefined) setPath(merged, path, value);
  }
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(`配置有误：${describeIssues(parsed.error, sources.file)}`);
  return parsed.data;
}

function readConfigFile(file: string): Raw {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : '无法读取';
    throw new ConfigError(`配置文件 ${file} ${reason}，请检查 --config 的路径`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`配置文件 ${file} 应为一个 JSON 对象（{ … }）`);
  }
  return parsed as Raw;
}

function setPath(target: Raw, path: readonly string[], value: string): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Raw;
  }
  node[path.at(-1)!] = value;
}

/** `配置项 sms.accessKeyId（环境变量 CERTDESK_SMS_ACCESS_KEY_ID）：不能为空`, one per problem. */
function describeIssues(error: z.ZodError, file: string | undefined): string {
  return error.issues
    .flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(
          (key) =>
            `配置项 ${[...path, key].join('.')} 无法识别${file ? `（配置文件 ${file}）` : ''}，请检查拼写`,
        );
      }
      return [`配置项 ${path.join('.') || '（根）'}${whereSet(path)}：${issue.message}`];
    })
    .join('；');
}

function whereSet(path: string[]): string {
  const key = path.join('.');
  const matches = (keys: readonly string[]) => key === keys.join('.') || key.startsWith(`${keys.join('.')}.`);
  const env = Object.entries(CONFIG_ENV).find(([, keys]) => matches(keys))?.[0];
  const flag = Object.entries(CONFIG_FLAGS).find(([, keys]) => matches(keys))?.[0];
  const places = [env && `环境变量 ${env}`, flag && `--${flag}`].filter(Boolean);
  return places.length > 0 ? `（${places.join(' 或 ')}）` : '';
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = './data/server';

/** What startServer gets from a configuration, with the defaults filled in and paths made absolute. */
export function serverOptionsFrom(
  config: ServerConfig,
  mode: { dev: boolean; demo: boolean },
): ServerOptions & { dataDir: string } {
  const dataDir = resolve(config.dataDir ?? DEFAULT_DATA_DIR);
  return {
    dataDir,
    port: config.port ?? DEFAULT_PORT,
    host: config.host ?? '127.0.0.1',
    database: config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir },
    dev: mode.dev,
    demo: mode.demo,
    logLevel: (config.logLevel ?? 'info') satisfies LogLevel,
    secret: config.secret,
    trustProxy: config.trustProxy,
    ca: caSource(config.ca, dataDir),
    caPassphrase: config.ca?.passphrase,
    crlUrl: config.ca?.crlUrl,
    cjkFont: config.cjkFont
      ? { path: resolve(config.cjkFont.path), family: config.cjkFont.family }
      : undefined,
    sms: config.sms
      ? new AliyunSmsProvider({ ...config.sms, endpoint: config.sms.endpoint ?? ALIYUN_SMS_ENDPOINT })
      : undefined,
    payments: config.payments?.provider === 'none' ? null : undefined,
  };
}

function caSource(ca: ServerConfig['ca'], dataDir: string): CaSource {
  if (ca?.keyFile && ca.certFile) {
    return { kind: 'files', keyFile: resolve(ca.keyFile), certFile: resolve(ca.certFile) };
  }
  return { kind: 'dir', dir: resolve(ca?.dir ?? join(dataDir, 'ca')) };
}
