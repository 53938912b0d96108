import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CsrSubject, ReadableTokenCertificate } from '../../../src-shared/schemas/key';
import { moveToken, putCertificateOnToken, serverCa } from '../../helpers/keyCertificate';
import { createSoftHsm, type SoftHsm, type SoftHsmToken } from '../../helpers/softhsm';
import { fill, modal } from './pages';

/** A KEY made elsewhere with a certificate of the centre's CA on it, not yet inserted. */
export interface PreparedKey {
  token: SoftHsmToken;
  certificate: ReadableTokenCertificate;
  /** Puts the KEY into the reader `hsm` (the app sees it without a reload). */
  insert(hsm: SoftHsm): void;
}

/** A fresh KEY (factory PIN) holding a certificate issued by the server at `apiUrl` for `subject`. */
export async function prepareKey(apiUrl: string, label: string, subject: CsrSubject): Promise<PreparedKey> {
  const staging = createSoftHsm();
  try {
    const token = staging.createToken(label);
    const certificate = await putCertificateOnToken(staging, token, subject, serverCa(apiUrl));
    return {
      token,
      certificate,
      insert(hsm) {
        moveToken(staging, token, hsm);
        staging.cleanup();
      },
    };
  } catch (error) {
    staging.cleanup();
    throw error;
  }
}

/** Picks the KEY with `serial` where `scope` shows its KEY (a picker when several KEYs are inserted). */
export async function chooseKey(page: Page, scope: Locator, serial: string): Promise<void> {
  const picker = scope.locator('.key-select');
  const shown = async () => ((await scope.textContent()) ?? '').includes(serial);
  await expect.poll(async () => (await picker.count()) > 0 || (await shown())).toBe(true);
  if (await shown()) return;
  await picker.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: serial }).click();
  await expect.poll(shown).toBe(true);
}

/** Answers the forced change of the factory PIN 111111 with `newPin`. */
export async function changeFactoryPin(page: Page, newPin: string): Promise<void> {
  const change = modal(page, '请修改 KEY 的出厂 PIN 码');
  await fill(change, '新 PIN 码', newPin);
  await fill(change, '确认新 PIN 码', newPin);
  await change.getByRole('button', { name: '确认修改' }).click();
  await change.waitFor({ state: 'hidden' });
}

/**
 * 证书管理 → 绑定证书 for the certificate of `holder` on the KEY `serial`, with the factory PIN and its
 * forced change to `newPin` (a renewal needs the certificate bound to the applicant).
 */
export async function bindCertificate(
  page: Page,
  serial: string,
  holder: string,
  newPin: string,
): Promise<void> {
  await chooseKey(page, page.getByTestId('key-status'), serial);
  const row = page.getByTestId('key-certificates').locator('tr', { hasText: holder });
  await row.getByRole('button', { name: '绑定证书' }).click();
  const bind = modal(page, '绑定证书');
  await fill(bind, 'KEY 的 PIN 码', '111111');
  await bind.getByRole('button', { name: '确认绑定' }).click();
  await changeFactoryPin(page, newPin);
  await row.getByText('已绑定').waitFor();
}
