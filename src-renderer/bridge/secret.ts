const STORAGE_KEY = 'certdesk.ipcSecret';

/**
 * The web host gives each launch a secret in the page URL (`#secret=…`). It is read once, kept in
 * sessionStorage (so a reload of this tab still connects) and removed from the visible URL.
 */
export function takeIpcSecret(): string | null {
  const match = /(?:^#|&)secret=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    const secret = decodeURIComponent(match[1]);
    window.sessionStorage.setItem(STORAGE_KEY, secret);
    const rest = window.location.hash.replace(/(?:^#|&)secret=[^&]+/, '').replace(/^&/, '');
    const url = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`;
    window.history.replaceState(window.history.state, '', url);
    return secret;
  }
  return window.sessionStorage.getItem(STORAGE_KEY);
}
