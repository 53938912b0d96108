import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The page's security policy: only our own scripts, and only our own WebSocket. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a WebSocket upgrade is refused, or null when it may proceed. */
export function upgradeRefusal(
  request: IncomingMessage,
  expected: { port: number; path: string; secret: string },
): string | null {
  const origin = `http://127.0.0.1:${expected.port}`;
  const url = new URL(request.url ?? '/', origin);
  if (url.pathname !== expected.path) return 'wrong path';
  // Host guards against DNS rebinding, Origin against other web pages, the secret against other local users.
  if (request.headers.host !== `127.0.0.1:${expected.port}`) return 'wrong host';
  if (request.headers.origin !== origin) return 'foreign origin';
  if (!sameSecret(url.searchParams.get('secret'), expected.secret)) return 'wrong secret';
  return null;
}
