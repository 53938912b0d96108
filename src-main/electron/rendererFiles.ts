import path from 'node:path';

// Which built renderer file an app://certdesk/… request gets. Pure (no Electron), so it is unit-tested;
// appProtocol.ts hands it the requests.

export const APP_SCHEME = 'app';
export const APP_HOST = 'certdesk';
/** The page the window opens; the renderer routes by hash, so this is the only path it ever shows. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererFile {
  /** Absolute path inside the renderer folder. */
  path: string;
  mimeType: string;
}

/** Whether `url` is a page of the app itself (app://certdesk/…). Node gives such URLs an opaque origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * The file under `root` that answers `url`, or null when the request is refused: another scheme or host,
 * encoded dots or slashes, backslashes, NUL, a drive or stream colon, or a path that leaves the folder. A
 * path without an extension is a route of the page and gets index.html.
 */
export function resolveRendererFile(url: string, root: string): RendererFile | null {
  // Checked on the raw text: the URL parser collapses `../` but keeps `%2e%2e`, which a decode would turn
  // back into a step out of the folder.
  if (/%2e|%2f|%5c|%00|\\|\0/i.test(url)) return null;
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);

  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    return null;
  }
  if (segments.some((segment) => segment === '.' || segment === '..' || /[\0\\/:]/.test(segment))) {
    return null;
  }

  const last = segments.at(-1);
  if (last === undefined || path.extname(last) === '') segments = ['index.html'];

  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return { path: file, mimeType: MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
