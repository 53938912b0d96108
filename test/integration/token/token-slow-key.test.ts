import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { TokenClient, TokenClientEvents } from '../../../src-main/core/token';
import { openTokenFixture, slowKeyClient, type TokenFixture } from './fixture';

const PIN = 'Ab1234';
const SUBJECT = { commonName: '李四' };
let f: TokenFixture | null = null;
let slow: TokenClient | null = null;
afterEach(async () => {
  await slow?.close();
  await f?.close();
  slow = null;
  f = null;
});

function next<E extends keyof TokenClientEvents>(
  client: TokenClient,
  event: E,
  match: (p: TokenClientEvents[E]) => boolean = () => true,
) {
  return new Promise<TokenClientEvents[E]>((resolve) => {
    const off = client.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

function failure(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as AppError,
  );
}

/** A client whose KEY takes `delayMs` per key generation, its PIN changed, and the restarts it reports. */
async function slowKey(delayMs: number, options: Parameters<typeof slowKeyClient>[2] = {}) {
  f = openTokenFixture();
  const made = slowKeyClient(f, delayMs, options);
  slow = made.client;
  await made.client.changePin({ serial: f.key.serial, oldPin: '111111', newPin: PIN });
  const restarts: unknown[] = [];
  made.client.on('restarted', (event) => restarts.push(event));
  return { ...made, serial: f.key.serial, restarts, fixture: f };
}

describe('a slow KEY', () => {
  it('generates a key pair for 30 s while presence keeps polling; calls made meanwhile wait their turn', async () => {
    const { client, generating, serial, restarts, fixture } = await slowKey(30_000, {
      presenceIntervalMs: 200,
    });
    const firstSeen = next(client, 'inserted');
    client.startPresence();
    await firstSeen;
    const pid = client.processId;

    const generation = client.generateRequest({ serial, pin: PIN, algorithm: 'RSA-2048', subject: SUBJECT });
    await generating();
    // While the KEY computes: a second KEY is plugged in, and the app asks for the KEY list and certificates.
    const key2 = fixture.hsm.createToken('第二只KEY');
    const secondSeen = next(client, 'inserted', (token) => token.serial === key2.serial);
    const listed = client.listTokens();
    const certificates = client.listCertificates(serial);

    expect((await generation).csrPem).toContain('BEGIN CERTIFICATE REQUEST');
    expect((await listed).map((t) => t.serial).sort()).toEqual([serial, key2.serial].sort());
    expect(await certificates).toEqual([]);
    expect((await secondSeen).serial).toBe(key2.serial);
    expect(restarts).toEqual([]);
    expect(client.processId).toBe(pid);
    client.stopPresence();
  }, 120_000);

  it("starts a call's time limit when the KEY service takes the call, not while it waits behind another", async () => {
    const { client, generating, serial, restarts } = await slowKey(5_000);
    const pid = client.processId;
    const generation = client.generateRequest({ serial, pin: PIN, algorithm: 'EC-P256', subject: SUBJECT });
    await generating();
    const certificates = client.call('listCertificates', { serial }, 2_000);
    expect((await generation).algorithm).toBe('EC-P256');
    expect(await certificates).toEqual([]);
    expect(restarts).toEqual([]);
    expect(client.processId).toBe(pid);
  });

  it('fails a call that waited too long for its turn as busy, without restarting the KEY service', async () => {
    const { client, generating, serial, restarts } = await slowKey(5_000, { queueTimeoutMs: 300 });
    const pid = client.processId;
    const generation = client.generateRequest({ serial, pin: PIN, algorithm: 'EC-P256', subject: SUBJECT });
    await generating();
    const error = await failure(client.listCertificates(serial));
    expect(error).toMatchObject({ code: 'TOKEN_BUSY', details: { op: 'listCertificates' } });
    expect(error.message).toContain('KEY 正在处理');
    expect((await generation).algorithm).toBe('EC-P256');
    expect(await client.listCertificates(serial)).toEqual([]);
    expect(restarts).toEqual([]);
    expect(client.processId).toBe(pid);
  });
});
