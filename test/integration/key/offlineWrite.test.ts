import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FILE_NAME } from '../../../src-main/core/store/db';
import { certificateSubject } from '../../../src-shared/catalogue';
import type { ApplicationResult } from '../../../src-shared/ipc/contract';
import type { ApplicationCertificate, ApplicationDetail } from '../../../src-shared/schemas/application';
import type { SyncStatus } from '../../../src-shared/schemas/desktopSync';
import {
  CERTIFICATE_NOT_KEPT,
  type GeneratedRequest,
  type ReadableTokenCertificate,
  type TokenCertificate,
} from '../../../src-shared/schemas/key';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../../helpers/apiServer';
import { login, ok, RELAXED_LIMITS } from '../server/api';
import { enterpriseForm, enterpriseScans } from '../server/fixtures';
import { payByTransfer } from '../server/flows';
import { loginAs, openKeyCore, type KeyCore } from './keyCore';

/**
 * Issue 9, offline: the applicant, and staff at the counter, write an already-issued certificate onto the
 * KEY from the copy the pull kept on this computer; one not kept waits for the network, and says so.
 */

const { operator, staff } = DEMO_ACCOUNTS;
const PIN = 'lisi2025';

let server: TestServer | null = null;
let keyCore: KeyCore | null = null;

afterEach(async () => {
  await keyCore?.close();
  keyCore = null;
  await server?.close();
  server = null;
});

interface Scene {
  server: TestServer;
  desk: KeyCore;
  operatorToken: string;
  staffToken: string;
}

/** A running server, and a desk (fresh SoftHSM2, no sync timer) logged in as `account`. */
async function open(account: { phone: string; password: string }): Promise<Scene> {
  const started = await startTestServer({ demo: true, limits: RELAXED_LIMITS });
  server = started;
  const desk = await openKeyCore(started.url, { syncIntervalMs: 0 });
  keyCore = desk;
  await loginAs(desk, started, account);
  return {
    server: started,
    desk,
    operatorToken: (await login(started, operator.phone, operator.password)).token,
    staffToken: (await login(started, staff.phone, staff.password)).token,
  };
}

async function newKey(desk: KeyCore, label: string): Promise<string> {
  const { serial } = desk.hsm.createToken(label);
  await desk.ok('key.changePin', { serial, oldPin: '111111', newPin: PIN, confirmPin: PIN });
  return serial;
}

/** The server stops: the desk finds it gone. */
async function serverStops(scene: Scene): Promise<void> {
  await scene.server.close();
  server = null;
  await scene.desk.core.connectivity.check();
  expect(scene.desk.core.connectivity.online()).toBe(false);
}

async function acceptAndPay(scene: Scene, application: ApplicationDetail): Promise<ApplicationDetail> {
  await ok(
    scene.server,
    'applications.transition',
    { id: application.id, name: 'accept', version: application.version },
    scene.staffToken,
  );
  await payByTransfer(scene.server, scene.operatorToken, scene.staffToken, [application.id]);
  return ok(scene.server, 'applications.get', { id: application.id }, scene.staffToken);
}

async function issue(scene: Scene, application: ApplicationDetail): Promise<ApplicationCertificate> {
  const paid = await acceptAndPay(scene, application);
  await ok(
    scene.server,
    'applications.transition',
    { id: paid.id, name: 'issue', version: paid.version },
    scene.staffToken,
  );
  return ok(scene.server, 'applications.certificate', { id: paid.id }, scene.operatorToken);
}

/** A new enterprise certificate applied for with a key pair made on this KEY. */
async function applyOnKey(scene: Scene, serial: string): Promise<ApplicationDetail> {
  const values = enterpriseForm();
  const request = await scene.desk.ok<GeneratedRequest>('key.generateRequest', {
    serial,
    pin: PIN,
    subject: certificateSubject('cert.new.enterprise', values, null),
  });
  return scene.desk.ok<ApplicationDetail>('applications.submit', {
    idempotencyKey: randomUUID(),
    service: 'cert.new.enterprise',
    values,
    attachments: await enterpriseScans(scene.server, scene.operatorToken),
    csrPem: request.csrPem,
  });
}

const certificatesOn = async (desk: KeyCore, serial: string) =>
  (await desk.ok<{ items: TokenCertificate[] }>('key.certificates', { serial })).items;

const fingerprints = async (desk: KeyCore, serial: string) =>
  (await certificatesOn(desk, serial)).map((certificate) => certificate.fingerprint);

describe('写入 KEY offline, from the issued certificate kept on this computer', () => {
  it('the applicant writes the kept one with the server stopped; one issued after the last pull waits', async () => {
    const scene = await open(operator);
    const { desk } = scene;
    const serial = await newKey(desk, '李四的KEY');
    const first = await applyOnKey(scene, serial);
    const second = await applyOnKey(scene, serial);

    const issued = await issue(scene, first);
    await desk.ok<SyncStatus>('sync.now');
    // Issued after the last pull: this computer has not seen it.
    const later = await issue(scene, second);
    await serverStops(scene);

    const kept = await desk.ok<ApplicationResult>('applications.get', { id: first.id });
    expect(kept).toMatchObject({ fromCache: true, certificateKept: true, application: { state: 'ready' } });
    const stored = await desk.ok<ReadableTokenCertificate>('key.installCertificate', {
      serial,
      pin: PIN,
      applicationId: first.id,
    });
    expect(stored).toMatchObject({
      readable: true,
      fingerprint: issued.fingerprint,
      pem: expect.any(String),
    });
    expect(await fingerprints(desk, serial)).toEqual([issued.fingerprint]);
    // Written again (a retry): still one certificate.
    await desk.ok('key.installCertificate', { serial, pin: PIN, applicationId: first.id });
    expect(await fingerprints(desk, serial)).toEqual([issued.fingerprint]);

    const unseen = await desk.ok<ApplicationResult>('applications.get', { id: second.id });
    expect(unseen).toMatchObject({ fromCache: true, certificateKept: false });
    const refused = await desk.call('key.installCertificate', { serial, pin: PIN, applicationId: second.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NETWORK', message: CERTIFICATE_NOT_KEPT } });
    expect(CERTIFICATE_NOT_KEPT).toMatch(/离线时无法写入 KEY/);
    expect(await fingerprints(desk, serial)).toEqual([issued.fingerprint]);
    expect(later.fingerprint).not.toBe(issued.fingerprint);
  });

  it('a kept copy whose certificate is not the one recorded is not written', async () => {
    const scene = await open(operator);
    const { desk } = scene;
    const serial = await newKey(desk, '李四的KEY');
    const first = await applyOnKey(scene, serial);
    const second = await applyOnKey(scene, serial);
    const issued = await issue(scene, first);
    const other = await issue(scene, second);
    await desk.ok<SyncStatus>('sync.now');
    await serverStops(scene);

    // The kept row of the first certificate now holds the second's PEM (its key pair is on this KEY too).
    const file = new Database(path.join(desk.dataDir, STORE_FILE_NAME));
    try {
      const row = file
        .prepare<[string], { json: string }>(
          "SELECT json FROM local_records WHERE kind = 'issuedCertificate' AND id = ?",
        )
        .get(issued.certificateId);
      const json = JSON.parse(row!.json) as ApplicationCertificate;
      file
        .prepare("UPDATE local_records SET json = ? WHERE kind = 'issuedCertificate' AND id = ?")
        .run(JSON.stringify({ ...json, pem: other.pem }), issued.certificateId);
    } finally {
      file.close();
    }

    expect(await desk.ok<ApplicationResult>('applications.get', { id: first.id })).toMatchObject({
      certificateKept: false,
    });
    const refused = await desk.call('key.installCertificate', { serial, pin: PIN, applicationId: first.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NETWORK', message: CERTIFICATE_NOT_KEPT } });
    expect(await certificatesOn(desk, serial)).toEqual([]);
  });

  it('staff at the counter write a blank KEY’s issued certificate with the server stopped', async () => {
    const scene = await open(staff);
    const { desk } = scene;
    const values = enterpriseForm();
    const blank = await ok(
      scene.server,
      'applications.submit',
      {
        service: 'cert.new.enterprise',
        values,
        attachments: await enterpriseScans(scene.server, scene.operatorToken),
        blankKey: true,
      },
      scene.operatorToken,
    );
    const paid = await acceptAndPay(scene, blank);
    // The customer's blank KEY at the counter: the key pair and request made on it, then 发证 (online).
    const serial = await newKey(desk, '客户的空白KEY');
    const request = await desk.ok<GeneratedRequest>('key.generateRequest', {
      serial,
      pin: PIN,
      subject: certificateSubject('cert.new.enterprise', values, null),
    });
    const ready = await desk.ok<ApplicationDetail>('applications.transition', {
      id: paid.id,
      name: 'issue',
      version: paid.version,
      csrPem: request.csrPem,
    });
    expect(ready).toMatchObject({ state: 'ready', hasCsr: true });
    const issued = await ok(scene.server, 'applications.certificate', { id: ready.id }, scene.operatorToken);
    await desk.ok<SyncStatus>('sync.now');
    await serverStops(scene);

    expect(await desk.ok<ApplicationResult>('applications.get', { id: ready.id })).toMatchObject({
      fromCache: true,
      certificateKept: true,
    });
    const stored = await desk.ok<ReadableTokenCertificate>('key.installCertificate', {
      serial,
      pin: PIN,
      applicationId: ready.id,
    });
    expect(stored).toMatchObject({ fingerprint: issued.fingerprint, keyId: request.keyId });
    expect(await fingerprints(desk, serial)).toEqual([issued.fingerprint]);
  });
});
