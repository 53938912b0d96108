import fs from 'node:fs';
import path from 'node:path';
import { DEV_CA_ISSUE_PATH } from '../../src-shared/api/routes';
import { FACTORY_PIN, type CsrSubject, type ReadableTokenCertificate } from '../../src-shared/schemas/key';
import { TokenClient } from '../../src-main/core/token';
import { SOFTHSM_MODULE, type SoftHsm, type SoftHsmToken } from './softhsm';

/** Issues a certificate for a PKCS#10 request from the real server's CA (its dev route). */
export function serverCa(apiUrl: string): (csrPem: string) => Promise<string> {
  return async (csrPem) => {
    const response = await fetch(`${apiUrl}${DEV_CA_ISSUE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csrPem }),
    });
    if (!response.ok) throw new Error(`dev CA: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { certificatePem: string }).certificatePem;
  };
}

/**
 * Key pair and request made on the token (factory PIN), the certificate issued by `issue` and imported
 * next to its key, through a token process of its own that is closed afterwards.
 */
export async function putCertificateOnToken(
  hsm: SoftHsm,
  token: SoftHsmToken,
  subject: CsrSubject,
  issue: (csrPem: string) => Promise<string>,
): Promise<ReadableTokenCertificate> {
  const client = new TokenClient({ modulePath: SOFTHSM_MODULE, env: hsm.env });
  try {
    const request = await client.generateRequest({
      serial: token.serial,
      pin: FACTORY_PIN,
      algorithm: 'RSA-2048',
      subject,
      allowFactoryPin: true,
    });
    const stored = await client.importCertificate({
      serial: token.serial,
      pin: FACTORY_PIN,
      certificatePem: await issue(request.csrPem),
    });
    if (!stored.readable) throw new Error('imported certificate unreadable');
    return stored;
  } finally {
    await client.close();
  }
}

/** "Inserts" a token prepared in another SoftHSM2 installation: moves its folder into `into`. */
export function moveToken(from: SoftHsm, token: SoftHsmToken, into: SoftHsm): void {
  const folder = fs
    .readdirSync(from.tokenDir)
    .find((name) => name.replaceAll('-', '').endsWith(token.serial));
  if (!folder) throw new Error(`no token folder for serial ${token.serial}`);
  fs.renameSync(path.join(from.tokenDir, folder), path.join(into.tokenDir, folder));
}
