import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveRendererFile } from './rendererFiles';
import { CONTENT_SECURITY_POLICY } from './security';

/**
 * The app's own origin, app://certdesk: standard (relative URLs, storage) and secure (a secure
 * context). No corsEnabled, so no other origin may read from it. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const notFound = () => new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/** Serves the built renderer folder at app://certdesk/ (after ready). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveRendererFile(request.url, rendererDir);
    if (file === null) return notFound();
    let body: Buffer;
    try {
      body = await fs.readFile(file.path);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      headers: {
        'Content-Type': file.mimeType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}
