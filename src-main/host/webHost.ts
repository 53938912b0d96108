import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { WS_PATH, type WsClientMessage, type WsServerMessage } from '../../src-shared/ipc/envelope';
import { createCore, type CoreOptions } from '../core';
import { findAppRoot } from '../core/appRoot';
import { silentLogger } from '../core/logger';
import { createIpcHandlers, dispatch } from '../ipc/handlers';
import { contentSecurityPolicy, upgradeRefusal } from './security';

export interface WebHostOptions extends CoreOptions {
  /** Folder of the built renderer (dist/renderer) with its index.html. */
  rendererDir: string;
  /** Default 0: any free port. */
  port?: number;
  version?: string;
}

export class RendererMissingError extends Error {
  constructor(readonly rendererDir: string) {
    super(`renderer not built: ${rendererDir}/index.html is missing (npm run build:renderer)`);
    this.name = 'RendererMissingError';
  }
}

export interface WebHost {
  /** The address to open, with the per-launch secret in the fragment: http://127.0.0.1:PORT/#secret=… */
  url: string;
  origin: string;
  secret: string;
  /** The bundled demo API server, when the host started one. */
  bundledServerUrl: string | null;
  close(): Promise<void>;
}

/**
 * Serves the renderer and the IPC contract to a browser on this computer: static files over HTTP, calls
 * and events over a WebSocket at WS_PATH. The renderer connects with `ws://127.0.0.1:PORT/ipc?secret=…`,
 * taking the secret from the page's `#secret=` fragment.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const logger = options.logger ?? silentLogger;
  if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new RendererMissingError(options.rendererDir);
  }
  const core = await createCore(options);
  const handlers = createIpcHandlers(core, { host: 'web', version: options.version ?? appVersion() });
  const secret = randomBytes(32).toString('base64url');
  // Known once listening; every check below reads it then.
  let port = 0;

  const app = Fastify({ logger: false });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  const stopEvents = core.events.onAny((event, payload) => {
    for (const ws of sockets.clients) send(ws, { type: 'event', event, payload });
  });

  function serve(ws: WebSocket) {
    ws.on('error', (error) => logger.warn('WebSocket error', { error: error.message }));
    ws.on('message', (data: RawData) => {
      const message = readInvoke(data);
      if (message === null) return ws.close(1003, 'invalid message');
      void dispatch(handlers, message.channel, message.input, logger).then((result) =>
        send(ws, { type: 'result', id: message.id, result }),
      );
    });
  }

  async function close(): Promise<void> {
    stopEvents();
    for (const ws of sockets.clients) ws.close(1001, 'host closing');
    sockets.close();
    await app.close();
    await core.close();
  }

  try {
    await serveRenderer(app, options.rendererDir, () => port);
    app.server.on('upgrade', (request, socket: Duplex, head) => {
      const refusal = upgradeRefusal(request, { port, path: WS_PATH, secret });
      if (refusal !== null) {
        logger.warn('WebSocket refused', { reason: refusal, origin: request.headers.origin });
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, serve);
    });
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    secret,
    get bundledServerUrl() {
      return core.bundledServerUrl;
    },
    close: () => (closing ??= close()),
  };
}

/** Static files of the built renderer, with the security headers, to requests addressed to 127.0.0.1 only. */
async function serveRenderer(app: FastifyInstance, rendererDir: string, port: () => number): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    // Pages reached through another host name (DNS rebinding) get nothing.
    if (request.headers.host !== `127.0.0.1:${port()}`) return reply.code(421).send('Misdirected Request');
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Content-Security-Policy', contentSecurityPolicy(port()));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
  });
  await app.register(fastifyStatic, { root: path.resolve(rendererDir), index: ['index.html'] });
  // The renderer routes in the browser: any other page path gets the app shell.
  app.setNotFoundHandler((request, reply) =>
    request.method === 'GET' && !path.extname(request.url.split('?')[0] ?? '')
      ? reply.sendFile('index.html')
      : reply.code(404).send('Not Found'),
  );
}

function send(ws: WebSocket, message: WsServerMessage) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function readInvoke(data: RawData): WsClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { type, id, channel, input } = value as Record<string, unknown>;
  if (type !== 'invoke' || typeof id !== 'number' || typeof channel !== 'string') return null;
  return { type, id, channel, input };
}

function appVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(findAppRoot(), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}
