import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_KEY_FILE } from '../../../src-server/ca/caMaterial';
import {
  API_PREFIX,
  CA_CRL_PATH,
  CA_PEM_PATH,
  DEV_CA_ISSUE_PATH,
  DEV_CAPTCHA_PATH,
  DEV_SMS_PATH,
  HEALTH_PATH,
  SANDBOX_PAY_PATH,
} from '../../../src-shared/api/routes';
import { isHealthy } from '../../../src-main/core/api/health';
import { FOLDER_BUSY_EXIT_CODE } from '../../../src-shared/node/dataFolderLock';
import { startAliyunSmsStub, type AliyunSmsStub } from '../../helpers/aliyunSmsStub';
import { freePort } from '../../helpers/serverProcess';
import { runServerCli, spawnServerCli } from '../../helpers/serverCli';

let workDir: string;
beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-cli-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('npm run server (the real CLI)', () => {
  it('without flags and without configuration exits with one Chinese line naming what is missing', async () => {
    const { code, stderr } = await runServerCli([], { cwd: workDir, env: {} });
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^启动失败：生产模式缺少配置：/);
    expect(lines[0]).toContain('CERTDESK_SERVER_SECRET');
    expect(lines[0]).toContain('短信通道');
    expect(lines[0]).toContain('未配置支付通道');
    expect(lines[0]).toContain('CERTDESK_CA_PASSPHRASE');
    expect(lines[0]).toContain('CERTDESK_CA_CRL_URL');
  }, 60_000);

  it('names a bad configuration key in Chinese', async () => {
    const file = path.join(workDir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ port: 'eighty', smss: {} }));
    const { code, stderr } = await runServerCli(['--config', file], { cwd: workDir, env: {} });
    expect(code).not.toBe(0);
    expect(stderr).toContain('配置项 port（环境变量 CERTDESK_SERVER_PORT 或 --port）');
    expect(stderr).toContain('配置项 smss 无法识别');
  }, 60_000);

  it('refuses --demo in production and --dev on a non-loopback address', async () => {
    const demo = await runServerCli(['--demo'], { cwd: workDir, env: {} });
    expect(demo.code).not.toBe(0);
    expect(demo.stderr).toContain('只能在开发模式使用');
    const open = await runServerCli(['--dev', '--host', '0.0.0.0', '--data-dir', path.join(workDir, 'd')], {
      cwd: workDir,
      env: {},
    });
    expect(open.code).not.toBe(0);
    expect(open.stderr).toContain('开发模式只能监听本机地址');
  }, 60_000);

  describe('with its production configuration', () => {
    let stub: AliyunSmsStub;
    let url: string;
    let stop: () => Promise<void>;
    let pid: number | undefined;

    beforeAll(async () => {
      stub = await startAliyunSmsStub({ 'test-key-id': 'test-key-secret' });
      const port = await freePort();
      const file = path.join(workDir, 'certdesk-server.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          port,
          dataDir: path.join(workDir, 'prod-data'),
          logLevel: 'warn',
          sms: {
            provider: 'aliyun',
            accessKeyId: 'test-key-id',
            signName: '证书服务中心',
            templateCode: 'SMS_0001',
            endpoint: stub.endpoint,
          },
          payments: { provider: 'none' },
          ca: { crlUrl: 'https://ca.example.cn/api/v1/ca/crl' },
        }),
      );
      const child = spawnServerCli(['--config', file], {
        cwd: workDir,
        env: {
          CERTDESK_SERVER_SECRET: 'x'.repeat(40),
          CERTDESK_SMS_ACCESS_KEY_SECRET: 'test-key-secret',
          CERTDESK_CA_PASSPHRASE: 'a-cli-ca-passphrase',
        },
      });
      let output = '';
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      pid = child.pid;
      url = `http://127.0.0.1:${port}`;
      stop = async () => {
        child.kill('SIGTERM');
        await exited;
      };
      const deadline = Date.now() + 60_000;
      while (!(await isHealthy(url, 1_000))) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`server did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }, 90_000);
    afterAll(async () => {
      await stop?.();
      await stub?.close();
    });

    it('refuses a second server on its embedded database folder, naming the first one', async () => {
      const dataDir = path.join(workDir, 'prod-data');
      const second = await runServerCli(
        ['--dev', '--port', String(await freePort()), '--data-dir', dataDir],
        {
          cwd: workDir,
          env: {},
        },
      );
      expect(second.code).toBe(FOLDER_BUSY_EXIT_CODE);
      expect(second.stderr).toContain(`数据目录 ${dataDir} 正由进程 ${pid}（证书服务中心 API）使用`);
      expect(second.stderr).toContain('--data-dir');
      expect(await isHealthy(url, 1_000)).toBe(true);
    }, 60_000);

    it('answers 404 on every dev route and on the sandbox pay page', async () => {
      expect((await fetch(`${url}${HEALTH_PATH}`)).status).toBe(200);
      expect((await fetch(`${url}${DEV_SMS_PATH}?phone=13900000000`)).status).toBe(404);
      expect((await fetch(`${url}${DEV_CAPTCHA_PATH}?captchaId=x`)).status).toBe(404);
      const issue = await fetch(`${url}${DEV_CA_ISSUE_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(issue.status).toBe(404);
      const pay = SANDBOX_PAY_PATH.replace(':paymentId', '7b0c1f7e-0000-4000-8000-000000000000');
      expect((await fetch(`${url}${pay}`)).status).toBe(404);
      expect((await fetch(`${url}${pay}`, { method: 'POST' })).status).toBe(404);
      expect(API_PREFIX).toBe('/api/v1');
    });

    it('keeps the CA key encrypted and publishes the CA certificate and its CRL without a session', async () => {
      const keyPem = fs.readFileSync(path.join(workDir, 'prod-data', 'ca', CA_KEY_FILE), 'utf8');
      expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      const pem = await fetch(`${url}${CA_PEM_PATH}`);
      expect(pem.status).toBe(200);
      expect(await pem.text()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const crl = await fetch(`${url}${CA_CRL_PATH}`);
      expect(crl.status).toBe(200);
      expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
      expect(Buffer.from(await crl.arrayBuffer())[0]).toBe(0x30);
    });
  });
});
