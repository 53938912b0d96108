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
    } finally {
      await app.close();
      await api.close();
      await fs.rm(userData, { recursive: true, force: true });
    }
  });
});
