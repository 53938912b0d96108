import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, type WsServerMessage } from '../../../src-shared/ipc/envelope';
import { startWebHost, type WebHost } from '../../../src-main/host/webHost';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { startCable, type Cable } from '../core/cable';

let server: TestServer;
let cable: Cable;
let host: WebHost;
let dataDir: string;
let rendererDir: string;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  cable = await startCable(server.url);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-host-'));
  // A stand-in for dist/renderer: the host serves whatever the renderer build put there.
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>证书服务中心</title>');
  host = await startWebHost({
    dataDir,
    rendererDir,
    apiUrl: cable.url,
    env: {},
    connectivityIntervalMs: 200,
  });
});

afterAll(async () => {
  await host?.close();
  await cable?.unplug();
  await server?.close();
  for (const dir of [dataDir, rendererDir]) fs.rmSync(dir, { recursive: true, force: true });
});

const port = () => new URL(host.origin).port;

/** Opens a socket and resolves when it opens, or with the HTTP status that refused it. */
function connect(query: string, origin: string | undefined): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}${WS_PATH}${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response: http.IncomingMessage) =>
      resolve(response.statusCode ?? 0),
    );
    ws.once('error', reject);
  });
}

function messages(ws: WebSocket): WsServerMessage[] {
  const received: WsServerMessage[] = [];
  ws.on('message', (data) => received.push(JSON.parse(data.toString()) as WsServerMessage));
  return received;
}

async function until<T>(read: () => T | undefined): Promise<T> {
  let value = read();
  await expect.poll(() => (value = read()) !== undefined, { timeout: 10_000 }).toBe(true);
  return value!;
}

describe('start:web host', () => {
  it('serves the renderer on 127.0.0.1 with a strict CSP', async () => {
    expect(host.url).toBe(`${host.origin}/#secret=${host.secret}`);
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${host.origin}/some/page`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('证书服务中心');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port()}`);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('refuses a wrong or missing secret', async () => {
    expect(await connect('?secret=wrong', host.origin)).toBe(403);
    expect(await connect('', host.origin)).toBe(403);
  });

  it('refuses another origin even with the right secret', async () => {
    expect(await connect(`?secret=${host.secret}`, 'http://evil.example')).toBe(403);
    expect(await connect(`?secret=${host.secret}`, `http://localhost:${port()}`)).toBe(403);
    expect(await connect(`?secret=${host.secret}`, undefined)).toBe(403);
  });

  it('refuses pages reached through another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port: port(), path: '/', headers: { Host: `evil.example:${port()}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('closes a socket that sends something other than an invoke message', async () => {
    const ws = await connect(`?secret=${host.secret}`, host.origin);
    if (typeof ws === 'number') throw new Error('refused');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('invokes channels with the right secret and pushes events to every client', async () => {
    const first = await connect(`?secret=${host.secret}`, host.origin);
    const second = await connect(`?secret=${host.secret}`, host.origin);
    if (typeof first === 'number' || typeof second === 'number') throw new Error('refused');
    const firstMessages = messages(first);
    const secondMessages = messages(second);
    try {
      first.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app.info', input: undefined }));
      const info = await until(() => firstMessages.find((m) => m.type === 'result' && m.id === 1));
      expect(info).toMatchObject({ result: { ok: true, data: { host: 'web', apiUrl: cable.url } } });

      first.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'sms.send', input: { phone: '123' } }));
      const refused = await until(() => firstMessages.find((m) => m.type === 'result' && m.id === 2));
      expect(refused).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION' } } });

      // The API goes away and comes back: every connected window hears it.
      await cable.unplug();
      const isConnectivity = (online: boolean) => (m: WsServerMessage) =>
        m.type === 'event' &&
        m.event === 'connectivity' &&
        (m.payload as { online: boolean }).online === online;
      await until(() => firstMessages.find(isConnectivity(false)));
      await until(() => secondMessages.find(isConnectivity(false)));
      await cable.plugIn();
      await until(() => firstMessages.find(isConnectivity(true)));
      await until(() => secondMessages.find(isConnectivity(true)));
    } finally {
      first.close();
      second.close();
    }
  });
});
