import { describe, expect, it } from 'vitest';
import { SESSION_NOT_KEPT_NOTICE } from '../../src-main/core/sessionKeeping';
import { DEMO_ACCOUNTS } from '../../src-server/seed/demoAccounts';
import { screenshot } from './support/browser';
import { loginAs } from './support/pages';
import { useWebSession } from './support/session';

// The desktop services as the Electron app runs them on Linux with only safeStorage's plain-text
// backend: the session token is not kept, and the login page says so.
const web = useWebSession({ sessionKeeping: { keep: 'memory', notice: SESSION_NOT_KEPT_NOTICE } });

describe('a computer that cannot keep the login safely', () => {
  it('says so on the login page, and logging in still works', async () => {
    const { page, host } = web;
    await page.goto(host.url);
    const login = page.locator('[data-page="login"]');
    await login.getByText('本机无法安全保存登录状态，关闭应用后需要重新登录').waitFor();
    await screenshot(page, '60-login-session-not-kept');
    await loginAs(page, host.api, DEMO_ACCOUNTS.person);
    expect(await page.locator('.app-header').isVisible()).toBe(true);
  });
});
