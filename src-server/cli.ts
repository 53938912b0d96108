import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaSource } from './ca/caMaterial';
import { startServer, type LogLevel, type RunningServer } from './server';

const USAGE = `用法：npm run server -- [选项]
  --demo              写入演示账号（可重复执行）
  --port N            监听端口（默认 8787）
  --host HOST         监听地址（默认 127.0.0.1）
  --data-dir DIR      嵌入式数据库目录（默认 ./data/server，首次启动时创建）
  --production        生产模式（不提供开发接口，必须配置真实短信服务）
  --log-level LEVEL   日志级别（默认 info）
  --ca-dir DIR        证书服务中心 CA 的目录（默认 <data-dir>/ca，首次启动时生成 CA 私钥和证书）
  --ca-key FILE --ca-cert FILE
                      使用已有的 CA 私钥（PEM，PKCS#8）和证书，两者须同时给出
  --cjk-font FILE     电子发票使用的中文字体（TTF/TTC，默认自动查找文泉驿微米黑、思源黑体、微软雅黑）
  --cjk-font-family NAME
                      TTC 字体集中要使用的字体名（如 WenQuanYiMicroHei）
  --exit-with-parent  标准输入关闭时停止（由桌面程序启动时使用：程序退出或被结束后服务随之停止）
环境变量 DATABASE_URL=postgres://… 时改用 PostgreSQL，数据库不再使用 --data-dir（CA 目录仍在其下）。`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: './data/server' },
      production: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      'ca-dir': { type: 'string' },
      'ca-key': { type: 'string' },
      'ca-cert': { type: 'string' },
      'cjk-font': { type: 'string' },
      'cjk-font-family': { type: 'string' },
      'exit-with-parent': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`端口无效：${values.port}`);
  const dataDir = resolve(values['data-dir']);
  return {
    ...values,
    port,
    logLevel: values['log-level'] as LogLevel,
    dataDir,
    ca: caSource(values, dataDir),
  };
}

function caSource(
  values: { 'ca-dir'?: string; 'ca-key'?: string; 'ca-cert'?: string },
  dataDir: string,
): CaSource {
  const keyFile = values['ca-key'];
  const certFile = values['ca-cert'];
  if (keyFile !== undefined || certFile !== undefined) {
    if (keyFile === undefined || certFile === undefined) throw new Error('--ca-key 与 --ca-cert 须同时给出');
    return { kind: 'files', keyFile: resolve(keyFile), certFile: resolve(certFile) };
  }
  return { kind: 'dir', dir: resolve(values['ca-dir'] ?? join(dataDir, 'ca')) };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.production) process.env.NODE_ENV = 'production';
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) mkdirSync(options.dataDir, { recursive: true });

  const server: RunningServer = await startServer({
    port: options.port,
    host: options.host,
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'pglite', dataDir: options.dataDir },
    production: options.production,
    demo: options.demo,
    logLevel: options.logLevel,
    secret: process.env.CERTDESK_SERVER_SECRET,
    ca: options.ca,
    cjkFont: options['cjk-font']
      ? { path: resolve(options['cjk-font']), family: options['cjk-font-family'] }
      : undefined,
  });
  server.app.log.info(
    {
      database: databaseUrl ? 'postgres' : options.dataDir,
      demo: options.demo,
      production: options.production,
    },
    `证书服务中心 API 已启动：${server.url}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info(`收到 ${signal}，正在停止…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('停止时出错：', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Started by the desktop app: stdin is a pipe from it, and its end means the app is gone, even killed.
  if (options['exit-with-parent']) {
    process.stdin.once('end', () => stop('stdin closed'));
    process.stdin.once('close', () => stop('stdin closed'));
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  console.error(`启动失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
