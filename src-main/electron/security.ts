import { session, shell, type WebContents } from 'electron';
import { isAppUrl } from './rendererFiles';

/**
 * The page needs nothing from the network: everything goes through the preload bridge. 'self' is the
 * app's own origin, app://certdesk (appProtocol.ts), which serves only the built renderer.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Session-wide rules: a CSP on every response and no permission (camera, notifications…) for anyone. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Every web contents stays on app://certdesk: no navigation elsewhere, no new windows, no webviews. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The app keeps to one window; the renderer saves a file where it cannot open one.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Opens a web page (the payment page) in the system browser; anything but http(s) is refused. */
export async function openInBrowser(url: string): Promise<void> {
  const { protocol } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`refused to open ${protocol} URL`);
  await shell.openExternal(url);
}
