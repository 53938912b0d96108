import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEV_CA_ISSUE_PATH, type DevCaIssueInput } from '../../../src-shared/api/routes';
import { FACTORY_PIN, type CsrSubject } from '../../../src-shared/schemas/key';
import { errorContext, type Logger } from '../logger';
import type { TokenClient } from '../token';

const run = promisify(execFile);

export const DEMO_KEY_LABEL = 'CERTDESK DEMO KEY';

/**
 * The demo enterprise operator of the bundled server's demo data (src-server/seed/demoAccounts.ts: 李四
 * of 福建省示例科技有限公司): the holder of the demo KEY's certificate. Copied, not imported: the desktop
 * never imports the server.
 */
export const DEMO_KEY_SUBJECT: CsrSubject = {
  commonName: '李四',
  organization: '福建省示例科技有限公司',
  serialNumber: '91350100MA2Y0C3K1W',
  country: 'CN',
  province: '福建省',
  locality: '福州市',
};

/**
 * Creates (or finds) the demo SoftHSM2 token under `dataDir` with native/softhsm/create-demo-token.sh.
 * Returns what the token process needs in its environment, or null when SoftHSM2 is not installed.
 */
export async function createDemoToken(
  appRoot: string,
  dataDir: string,
  logger: Logger,
): Promise<{ SOFTHSM2_CONF: string; CERTDESK_PKCS11_MODULE: string } | null> {
  const script = path.join(appRoot, 'native', 'softhsm', 'create-demo-token.sh');
  if (!fs.existsSync(script)) return null;
  try {
    const { stdout } = await run('sh', [script, dataDir], {
      env: { ...process.env, CERTDESK_DEMO_TOKEN_LABEL: DEMO_KEY_LABEL },
    });
    const vars = new Map(
      stdout
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
        .filter((match) => match !== null)
        .map((match) => [match[1]!, match[2]!]),
    );
    const conf = vars.get('SOFTHSM2_CONF');
    const module = vars.get('CERTDESK_PKCS11_MODULE');
    return conf && module ? { SOFTHSM2_CONF: conf, CERTDESK_PKCS11_MODULE: module } : null;
  } catch (error) {
    // Most often: SoftHSM2 is not installed. The app works without a demo KEY.
    logger.info('no demo KEY', errorContext(error));
    return null;
  }
}

/**
 * Puts a certificate of the demo server's CA on the demo KEY if it has none: key pair and request on the
 * KEY (factory PIN), issued through the dev CA route, imported next to its key. Idempotent.
 */
export async function ensureDemoCertificate(
  client: TokenClient,
  apiUrl: string,
  logger: Logger,
): Promise<void> {
  try {
    const token = (await client.listTokens()).find((t) => t.label === DEMO_KEY_LABEL);
    if (!token) return;
    const certificates = await client.listCertificates(token.serial);
    if (certificates.some((c) => c.readable)) return;
    const request = await client.generateRequest({
      serial: token.serial,
      pin: FACTORY_PIN,
      algorithm: 'RSA-2048',
      subject: DEMO_KEY_SUBJECT,
      allowFactoryPin: true,
    });
    const body: DevCaIssueInput = { csrPem: request.csrPem, validityDays: 365 };
    const response = await fetch(`${apiUrl.replace(/\/+$/, '')}${DEV_CA_ISSUE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`dev CA answered ${response.status}`);
    const { certificatePem } = (await response.json()) as { certificatePem: string };
    await client.importCertificate({ serial: token.serial, pin: FACTORY_PIN, certificatePem });
    logger.info('demo KEY certificate issued', { serial: token.serial });
  } catch (error) {
    logger.warn('the demo KEY could not be given a certificate', errorContext(error));
  }
}
