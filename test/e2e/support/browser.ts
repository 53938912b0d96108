import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test/e2e/screenshots');

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function newDesktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  return context.newPage();
}

/** A desktop page that records every page error and console error into `errors` (tests expect none). */
export async function newWatchedPage(browser: Browser, errors: string[], timeoutMs = 15_000): Promise<Page> {
  const page = await newDesktopPage(browser);
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return page;
}

/** For afterEach: what the page showed when a test failed, named after the test. */
export async function screenshotIfFailed(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
): Promise<void> {
  if (page && task.result?.state === 'fail') await screenshot(page, `failed-${task.name.slice(0, 40)}`);
}

/** Resolves once no antd enter/appear transition is running (a dialog has finished opening). */
export async function transitionsDone(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[class*="-enter"], [class*="-appear"]'));
}

/**
 * A screenshot into test/e2e/screenshots (git-ignored), for a person to look at: the whole page, or
 * only the window while a dialog is open (its mask covers the window, not the page).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { dialog?: boolean } = {},
): Promise<void> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await transitionsDone(page);
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: !options.dialog,
    animations: 'disabled',
  });
}
