import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm';
import { startTestWebHost, type TestWebHost } from '../../helpers/webHost';
import { launchChromium, newWatchedPage, screenshotIfFailed } from './browser';

type HostOptions = Omit<NonNullable<Parameters<typeof startTestWebHost>[0]>, 'token'>;

export interface WebSessionOptions extends HostOptions {
  /** A private SoftHSM2 installation as the USB KEY reader: a KEY is "inserted" by making a token in `hsm`. */
  keys?: boolean;
  /** How long a page action or wait may take. */
  timeoutMs?: number;
}

/** What an e2e file works with: the start:web host on a real API server, one watched Chromium page. */
export interface WebSession {
  readonly host: TestWebHost;
  readonly page: Page;
  /** The KEY reader (only with `keys: true`). */
  readonly hsm: SoftHsm;
}

/**
 * The setup every e2e file shares, as hooks of the calling file: the host and browser start once before
 * its tests and close after them; a failed test leaves a screenshot; a test that passed fails if the page
 * logged an error or threw meanwhile.
 */
export function useWebSession(options: WebSessionOptions = {}): WebSession {
  const { keys = false, timeoutMs, ...hostOptions } = options;
  const errors: string[] = [];
  let host: TestWebHost | undefined;
  let hsm: SoftHsm | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (keys: ${keys})`);
    return value;
  };

  beforeAll(async () => {
    if (keys) hsm = createSoftHsm();
    host = await startTestWebHost({
      demo: true,
      ...hostOptions,
      token: hsm && { env: { ...hsm.env, CERTDESK_PKCS11_MODULE: SOFTHSM_MODULE } },
    });
    browser = await launchChromium();
    page = await newWatchedPage(browser, errors, timeoutMs);
  });

  afterEach(async ({ task }) => {
    await screenshotIfFailed(page, task);
    const seen = errors.splice(0);
    if (task.result?.state !== 'fail') expect(seen, 'errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    hsm?.cleanup();
  });

  return {
    get host() {
      return started(host, 'the web host');
    },
    get page() {
      return started(page, 'the page');
    },
    get hsm() {
      return started(hsm, 'the KEY reader');
    },
  };
}
