import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { TokenClient } from '../../../src-main/core/token';
import { openTokenFixture, probe, slowKeyClient, type TokenFixture } from './fixture';
import { createTestCa } from './testCa';

const PIN = 'Ab1234';
const SUBJECT = { commonName: '王五' };
let f: TokenFixture | null = null;
let slow: TokenClient | null = null;
afterEach(async () => {
  await slow?.close();
  await f?.close();
  slow = null;
  f = null;
});

interface KeyObject {
  class: 'public' | 'private';
  id: string;
  label: string;
}

function keysOn(fixture: TokenFixture): KeyObject[] {
  return probe(fixture, 'list-keys', PIN) as KeyObject[];
}

function failure(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as AppError,
  );
}

async function keyWithPin(): Promise<TokenFixture> {
  f = openTokenFixture();
  await f.client.changePin({ serial: f.key.serial, oldPin: '111111', newPin: PIN });
  return f;
}

/** Starts a generation in a slow token process and waits until its key pair is on the KEY. */
async function generationCaughtMidway(fixture: TokenFixture) {
  const made = slowKeyClient(fixture, 60_000);
  slow = made.client;
  const serial = fixture.key.serial;
  const generation = failure(
    made.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'RSA-2048',
      subject: SUBJECT,
      label: '半成品',
    }),
  );
  await made.generating();
  return { client: made.client, generation };
}

describe('a key pair whose generation did not finish', () => {
  it('is removed at the next login after the token process died in it; finished pairs stay', async () => {
    const fixture = await keyWithPin();
    const serial = fixture.key.serial;
    const ca = createTestCa();
    // A key with its certificate, and a key whose request went to the centre and waits for its certificate.
    const issued = await fixture.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'EC-P256',
      subject: SUBJECT,
      label: '已有证书',
    });
    const certificate = await fixture.client.importCertificate({
      serial,
      pin: PIN,
      certificatePem: ca.issue(issued.csrPem),
    });
    const awaiting = await fixture.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'RSA-2048',
      subject: SUBJECT,
      label: '等待证书',
    });
    const finished: KeyObject[] = [
      { class: 'private', id: issued.keyId, label: '已有证书' },
      { class: 'public', id: issued.keyId, label: '已有证书' },
      { class: 'private', id: awaiting.keyId, label: '等待证书' },
      { class: 'public', id: awaiting.keyId, label: '等待证书' },
    ];
    expect(keysOn(fixture)).toEqual(expect.arrayContaining(finished));

    const { client, generation } = await generationCaughtMidway(fixture);
    const half = keysOn(fixture).filter((key) => key.id !== issued.keyId && key.id !== awaiting.keyId);
    // Marked as still being made, by the process making it, until its request is signed.
    expect(half.map((key) => [key.class, key.label])).toEqual([
      ['private', `certdesk-pending:${client.processId}`],
      ['public', `certdesk-pending:${client.processId}`],
    ]);
    process.kill(client.processId!, 'SIGKILL');
    expect(await generation).toMatchObject({ code: 'TOKEN_RESTARTED' });

    // The next token process logs in (a PIN is needed to see private keys) and clears the half-made pair.
    await client.login({ serial, pin: PIN });
    expect(keysOn(fixture).sort((a, b) => `${a.id}${a.class}`.localeCompare(`${b.id}${b.class}`))).toEqual(
      [...finished].sort((a, b) => `${a.id}${a.class}`.localeCompare(`${b.id}${b.class}`)),
    );
    expect((await client.listCertificates(serial)).map((c) => c.fingerprint)).toEqual([
      certificate.fingerprint,
    ]);
    const late = await client.importCertificate({
      serial,
      pin: PIN,
      certificatePem: ca.issue(awaiting.csrPem),
    });
    expect(late.keyId).toBe(awaiting.keyId);
  });

  it('is left alone while the token process making it still runs', async () => {
    const fixture = await keyWithPin();
    const serial = fixture.key.serial;
    const { client, generation } = await generationCaughtMidway(fixture);
    // Another token process on the same KEY logs in while the generation is under way.
    await fixture.client.login({ serial, pin: PIN });
    expect(keysOn(fixture)).toHaveLength(2);

    process.kill(client.processId!, 'SIGKILL');
    expect(await generation).toMatchObject({ code: 'TOKEN_RESTARTED' });
    await client.login({ serial, pin: PIN });
    expect(keysOn(fixture)).toEqual([]);
  });

  it('is not a concern on a KEY that keeps labels as made: the pair is made under its real label', async () => {
    const fixture = await keyWithPin();
    const serial = fixture.key.serial;
    const made = slowKeyClient(fixture, 0, {}, { labelsFixed: true });
    slow = made.client;
    const request = await made.client.generateRequest({
      serial,
      pin: PIN,
      algorithm: 'EC-P256',
      subject: SUBJECT,
      label: '固定标签',
    });
    expect(keysOn(fixture)).toEqual([
      { class: 'private', id: request.keyId, label: '固定标签' },
      { class: 'public', id: request.keyId, label: '固定标签' },
    ]);
    const stored = await made.client.importCertificate({
      serial,
      pin: PIN,
      certificatePem: createTestCa().issue(request.csrPem),
    });
    expect(stored.keyId).toBe(request.keyId);
  });
});
