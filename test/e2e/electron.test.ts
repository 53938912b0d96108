import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/apiServer';

/** The path of the Electron binary, or null where it was never downloaded (npm ci does not run electron's install script). */
function electronBinary(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (binary === null) {
  console.warn('Electron binary not downloaded (node node_modules/electron/install.js fetches it); skipping');
}

describe.skipIf(binary === null)('Electron app', () => {
  it('opens a window showing the login page', async () => {
    execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
    const api = await startTestServer({ demo: true });
    const userData = await fs.mkdtemp(path.join(os.tmpdir(), 'certdesk-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.'],
      env: { ...process.env, CERTDESK_API_URL: api.url, CERTDESK_DATA_DIR: userData } as Record<
        string,
        string
      >,
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.getByText('登录').first().isVisible(), { timeout: 30_000 }).toBe(true);
      // Served from the app's own origin, not file://: the CSP's 'self' is the app.
      expect(page.url()).toMatch(/^app:\/\/certdesk\/index\.html(#.*)?$/);
      expect(await page.evaluate(() => [location.origin, window.isSecureContext])).toEqual([
        'app://certdesk',
        true,
      ]);
      // The page reached the desktop services (the captcha comes over IPC): main accepts app://certdesk.
      await expect
        .poll(() => page.getByAltText('图片验证码').first().isVisible(), { timeout: 30_000 })
        .toBe(true);
      // The renderer folder only, with the app's security policy on every file…
      const served = await app.evaluate(async ({ net }) => {
        const index = await net.fetch('app://certdesk/index.html');
        const outside = await net.fetch('app://certdesk/..%2f..%2fpackage.json');
        return [index.status, index.headers.get('content-security-policy'), outside.status];
      });
      expect(served).toEqual([200, expect.stringContaining("connect-src 'none'"), 404]);
      // …which the page obeys: it may not fetch anything, not even from its own origin.
      const pageFetch = await page.evaluate(() =>
        fetch('app://certdesk/index.html').then(
          () => 'fetched',
          () => 'refused',
        ),
      );
      expect(pageFetch).toBe('refused');

      // Without a real key store (Linux basic_text) the login page says the login is not kept.
      const keyStore = await app.evaluate(({ safeStorage }) => ({
        available: safeStorage.isEncryptionAvailable(),
        backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      }));
      const notice = page.getByText('本机无法安全保存登录状态，关闭应用后需要重新登录');
      const kept = keyStore.available && keyStore.backend !== 'basic_text' && keyStore.backend !== 'unknown';
      await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(!kept);
    } finally {
      await app.close();
      await api.close();
      await fs.rm(userData, { recursive: true, force: true });
    }
  });
});
