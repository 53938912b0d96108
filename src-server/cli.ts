import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  acquireDataFolderLock,
  DataFolderBusyError,
  FOLDER_BUSY_EXIT_CODE,
  type DataFolderLock,
} from '../src-shared/node/dataFolderLock';
import { loadServerConfig, serverOptionsFrom } from './config/serverConfig';
import { nonBlockingStdout } from './logDestination';
import { watchParent } from './parentWatch';
import { startServer, type RunningServer } from './server';

const USAGE = `用法：npm run server -- [选项]
默认以生产模式启动：须配置服务端密钥、短信通道、支付通道、CA 私钥口令和 CRL 发布地址（见 README「生产部署」）。
  --config FILE       配置文件（JSON；也可用环境变量 CERTDESK_SERVER_CONFIG 指定）
  --dev               开发模式：提供开发接口（短信发件箱、图片验证码答案、测试签发）和沙箱支付，
                      不要求上述配置；只能监听本机地址
  --demo              写入演示账号（密码公开，只能与 --dev 同用；可重复执行）
  --port N            监听端口（默认 8787）
  --host HOST         监听地址（默认 127.0.0.1）
  --data-dir DIR      嵌入式数据库目录（默认 ./data/server，首次启动时创建）
  --log-level LEVEL   日志级别（默认 info）
  --trust-proxy N|CIDR
                      位于反向代理之后：信任的代理层数，或代理地址/CIDR（逗号分隔），
                      限流按 X-Forwarded-For 中的客户端地址计；不设则忽略该请求头
  --ca-dir DIR        证书服务中心 CA 的目录（默认 <data-dir>/ca，首次启动时生成 CA 私钥和证书）
  --ca-key FILE --ca-cert FILE
                      使用已有的 CA 私钥（PEM，PKCS#8；生产模式须以 CERTDESK_CA_PASSPHRASE 的口令加密）
                      和证书，两者须同时给出
  --cjk-font FILE     电子发票使用的中文字体（TTF/TTC，默认自动查找文泉驿微米黑、思源黑体、微软雅黑）
  --cjk-font-family NAME
                      TTC 字体集中要使用的字体名（如 WenQuanYiMicroHei）
  --exit-with-parent  父进程退出后随之停止（由桌面程序启动时使用：程序退出或被结束后服务随之停止）
  --parent-pid N      与 --exit-with-parent 同用：要跟随的进程号（默认为父进程）
环境变量（覆盖配置文件，命令行选项再覆盖环境变量）：DATABASE_URL=postgres://…（改用 PostgreSQL）、
CERTDESK_SERVER_SECRET、CERTDESK_SERVER_PORT、CERTDESK_SERVER_HOST、CERTDESK_SERVER_DATA_DIR、
CERTDESK_SERVER_LOG_LEVEL、CERTDESK_SERVER_TRUST_PROXY、CERTDESK_SMS_PROVIDER、CERTDESK_SMS_ACCESS_KEY_ID、
CERTDESK_SMS_ACCESS_KEY_SECRET、CERTDESK_SMS_SIGN_NAME、CERTDESK_SMS_TEMPLATE_CODE、CERTDESK_SMS_ENDPOINT、
CERTDESK_PAYMENTS_PROVIDER、CERTDESK_CA_PASSPHRASE（CA 私钥口令）、CERTDESK_CA_CRL_URL（写入证书的 CRL 分发点）。`;

const FLAGS = {
  config: { type: 'string' },
  dev: { type: 'boolean', default: false },
  demo: { type: 'boolean', default: false },
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'log-level': { type: 'string' },
  'trust-proxy': { type: 'string' },
  'ca-dir': { type: 'string' },
  'ca-key': { type: 'string' },
  'ca-cert': { type: 'string' },
  'cjk-font': { type: 'string' },
  'cjk-font-family': { type: 'string' },
  'exit-with-parent': { type: 'boolean', default: false },
  'parent-pid': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseFlags() {
  try {
    return parseArgs({ options: FLAGS, allowPositionals: false }).values;
  } catch (error) {
    if (process.argv.includes('--production')) {
      throw new Error('--production 已取消：生产模式现在是默认的；在本机开发请改用 --dev');
    }
    const code = (error as NodeJS.ErrnoException).code;
    const known = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? '有未知的选项' : '选项格式有误';
    throw new Error(`${known}（${(error as Error).message}），用法见 npm run server -- --help`);
  }
}

function stringFlags(
  flags: Record<string, string | boolean | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(flags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

const STOP_DEADLINE_MS = 5_000;

function parentPid(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pid = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(pid) || pid < 1) {
    throw new Error(`--parent-pid 应为正整数进程号，当前为「${value}」`);
  }
  return pid;
}

function describeServer(): string {
  if (process.env.npm_lifecycle_event === 'server') return 'npm run server';
  return process.argv.includes('--exit-with-parent') ? '桌面程序的内置服务' : '证书服务中心 API';
}

async function main(): Promise<void> {
  const flags = parseFlags();
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  // Taken before the slow start: a parent that dies meanwhile has handed this process to another one.
  const watchedPid = parentPid(flags['parent-pid']) ?? process.ppid;
  if (flags['parent-pid'] !== undefined && !flags['exit-with-parent']) {
    throw new Error('--parent-pid 须与 --exit-with-parent 同用');
  }
  const configFile = flags.config ?? (process.env.CERTDESK_SERVER_CONFIG || undefined);
  const config = loadServerConfig({
    file: configFile ? resolve(configFile) : undefined,
    env: process.env,
    flags: stringFlags(flags),
  });
  const { dataDir, ...serverOptions } = serverOptionsFrom(config, { dev: flags.dev, demo: flags.demo });
  if (!flags.dev) process.env.NODE_ENV = 'production';
  let lock: DataFolderLock | null = null;
  if (serverOptions.database.kind === 'pglite') {
    mkdirSync(dataDir, { recursive: true });
    // Two servers on one embedded database would each keep their own state and lose the other's writes.
    lock = await acquireDataFolderLock(dataDir, {
      command: describeServer(),
      otherFolderHint: '用 --data-dir 或 CERTDESK_SERVER_DATA_DIR 指定另一个数据目录',
    });
  }

  const server: RunningServer = await startServer({ ...serverOptions, logStream: nonBlockingStdout() });
  server.app.log.info(
    {
      database: serverOptions.database.kind === 'postgres' ? 'postgres' : dataDir,
      mode: flags.dev ? 'development' : 'production',
      demo: flags.demo,
      sms: serverOptions.sms?.name ?? 'dev',
      trustProxy: serverOptions.trustProxy ?? false,
    },
    `证书服务中心 API 已启动（${flags.dev ? '开发模式' : '生产模式'}）：${server.url}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A close that hangs (a request in flight, a stuck database) must not keep the process alive.
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS);
    server.app.log.info(`收到 ${signal}，正在停止…`);
    server.close().then(
      () => {
        lock?.release();
        process.exit(0);
      },
      (error: unknown) => {
        console.error('停止时出错：', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Started by the desktop app (a child process or an Electron utility process, which has no stdin).
  if (flags['exit-with-parent']) watchParent({ pid: watchedPid, onGone: () => stop('parent gone') });
}

main().catch((error: unknown) => {
  console.error(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof DataFolderBusyError ? FOLDER_BUSY_EXIT_CODE : 1);
});
