import os from 'node:os';
import path from 'node:path';
import { DEV_SMS_PATH } from '../../src-shared/api/routes';
import { AppError } from '../../src-shared/errors';
import { findAppRoot } from '../core/appRoot';
import { tsxServerCommand } from '../core/bundledServer';
import { consoleLogger } from '../core/logger';
import { RendererMissingError, startWebHost } from './webHost';

/** `npm run start:web`: the desktop services under Node, the UI in a browser on this computer. */

function dataDir(env: NodeJS.ProcessEnv): string {
  if (env.CERTDESK_DATA_DIR) return path.resolve(env.CERTDESK_DATA_DIR);
  const base = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'certdesk-web');
}

function port(env: NodeJS.ProcessEnv): number {
  const value = Number(env.CERTDESK_WEB_PORT ?? 5180);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StartError(`CERTDESK_WEB_PORT 应为 1–65535 之间的端口号，当前为「${env.CERTDESK_WEB_PORT}」`);
  }
  return value;
}

class StartError extends Error {}

function explain(error: unknown, wantedPort: number): string {
  if (error instanceof StartError || error instanceof AppError) return error.message;
  if (error instanceof RendererMissingError)
    return '未找到构建好的界面文件（dist/renderer），请先运行：npm run build:renderer';
  if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') {
    // Another start:web on the same data folder is refused before this (the folder's lock names it).
    return `端口 ${wantedPort} 已被占用（可能是另一个正在运行的证书服务中心）：请关闭占用它的程序，或设置环境变量 CERTDESK_WEB_PORT 换一个端口`;
  }
  return `启动失败：${error instanceof Error ? error.message : String(error)}`;
}

async function main(): Promise<void> {
  const env = process.env;
  let wantedPort = 5180;
  try {
    wantedPort = port(env);
    // CERTDESK_NO_BUNDLED_SERVER=1: start as a packaged app without build configuration would, with no
    // server of its own (a 服务地址 set earlier or CERTDESK_API_URL is used; else the first-run page asks).
    const bundled = env.CERTDESK_NO_BUNDLED_SERVER !== '1';
    const host = await startWebHost({
      dataDir: dataDir(env),
      ownerCommand: 'npm run start:web',
      rendererDir: path.join(findAppRoot(), 'dist', 'renderer'),
      port: wantedPort,
      // Development only: with no 服务地址 configured, the source tree's API server with demo data.
      bundledServer: bundled ? tsxServerCommand(findAppRoot()) : undefined,
      // With the bundled demo server: a demo SoftHSM2 KEY holding a certificate of the demo CA.
      demoKey: bundled,
      logger: consoleLogger(env.CERTDESK_VERBOSE === '1'),
    });
    console.log(`证书服务中心已启动，请用浏览器打开：${host.url}`);
    if (host.bundledServerUrl) {
      console.log(
        `演示服务：${host.bundledServerUrl}（演示短信验证码在 ${host.bundledServerUrl}${DEV_SMS_PATH}?phone=手机号 查看）`,
      );
    }
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      host.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`关闭时出错：${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(explain(error, wantedPort));
    process.exit(1);
  }
}

void main();
