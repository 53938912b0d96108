import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { UploadedFile } from '../../../src-shared/schemas/application';
import { DEMO_ACCOUNTS, DEMO_ENTERPRISE } from '../../../src-server/seed/demoAccounts';
import { pngBytes } from '../server/fixtures';
import { startTestServer, type TestServer, type TestServerOptions } from '../../helpers/apiServer';
import { openDesk, type Desk } from '../../helpers/desk';
import { startCable, type Cable } from './cable';

export { openDesk, type Desk } from '../../helpers/desk';

/** A demo API server, a cable to it that a test may unplug, and desks logged in over that cable. */
export interface DeskServer {
  readonly server: TestServer;
  readonly cable: Cable;
  /** A desk of `account` for this test (closed after it). */
  open(account: { phone: string; password: string }, options?: Parameters<typeof openDesk>[3]): Promise<Desk>;
}

/**
 * As hooks of the calling file or describe block: the demo server starts once (with `options`), each test
 * gets a fresh cable, and the desks a test opened are closed after it, before its cable is unplugged.
 */
export function useDeskServer(options: TestServerOptions = {}): DeskServer {
  let server: TestServer | undefined;
  let cable: Cable | undefined;
  const desks: Desk[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the desk server is not started');
    return value;
  };

  beforeAll(async () => {
    server = await startTestServer({ demo: true, ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    cable = await startCable(started(server).url);
  });
  afterEach(async () => {
    for (const desk of desks.splice(0)) await desk.close();
    await cable?.unplug();
  });

  return {
    get server() {
      return started(server);
    },
    get cable() {
      return started(cable);
    },
    async open(account, deskOptions) {
      const desk = await openDesk(started(server), started(cable).url, account, deskOptions);
      desks.push(desk);
      return desk;
    },
  };
}

export const base64 = (bytes: Buffer) => bytes.toString('base64');

/** The three scans of a 企业证书新办, uploaded through the desk while online. */
export async function uploadScans(desk: Desk): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const attachment of ['businessLicence', 'idCardFront', 'idCardBack']) {
    const stored = await desk.ok<UploadedFile>('uploads.put', {
      service: 'cert.new.enterprise',
      attachment,
      fileName: `${attachment}.png`,
      contentBase64: base64(pngBytes()),
    });
    ids[attachment] = stored.id;
  }
  return ids;
}

/** The demo operator's 企业证书新办 form. */
export function enterpriseValues() {
  const { operator } = DEMO_ACCOUNTS;
  return {
    enterpriseName: DEMO_ENTERPRISE.name,
    creditCode: DEMO_ENTERPRISE.creditCode,
    legalRepresentative: DEMO_ENTERPRISE.legalRepresentative,
    enterpriseAddress: DEMO_ENTERPRISE.address,
    operatorName: operator.name,
    operatorIdNumber: operator.idNumber,
    operatorPhone: operator.phone,
    agreement: true,
  };
}

/** Submits a 企业证书新办 with a blank KEY through the desk. */
export async function submitEnterprise(desk: Desk, idempotencyKey = randomUUID()) {
  return desk.call('applications.submit', {
    idempotencyKey,
    service: 'cert.new.enterprise',
    values: enterpriseValues(),
    attachments: await uploadScans(desk),
    blankKey: true,
  });
}
