import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { forkTokenProcess, TokenClient, type TokenClientOptions } from '../../../src-main/core/token';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm, type SoftHsmToken } from '../../helpers/softhsm';

export interface TokenFixture {
  hsm: SoftHsm;
  key: SoftHsmToken;
  client: TokenClient;
  close(): Promise<void>;
}

/** A fresh SoftHSM2 token and a token client (with its own token process) pointed at it. */
export function openTokenFixture(label = '测试KEY', options: TokenClientOptions = {}): TokenFixture {
  const hsm = createSoftHsm();
  const key = hsm.createToken(label);
  const client = new TokenClient({ modulePath: SOFTHSM_MODULE, env: hsm.env, ...options });
  return {
    hsm,
    key,
    client,
    async close() {
      await client.close();
      hsm.cleanup();
    },
  };
}

const PROBE = path.join(import.meta.dirname, 'fixtures', 'probe.ts');

/** Runs fixtures/probe.ts against the token, outside the app's token process. */
export function probe(
  fixture: TokenFixture,
  command: 'garbage-cert' | 'key-attributes' | 'list-keys',
  pin: string,
): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', PROBE, command, fixture.key.serial, pin], {
    env: fixture.hsm.env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as unknown;
}

const SLOW_WORKER = path.join(import.meta.dirname, 'fixtures', 'slowWorker.ts');

export interface SlowKeyClient {
  client: TokenClient;
  /** Resolves once a key generation has made its key pair and is blocked in the slow KEY. */
  generating(): Promise<void>;
}

/**
 * A token client on the fixture's SoftHSM2 whose token process is the real worker with a slow key
 * generation (fixtures/slowWorker.ts): each C_GenerateKeyPair blocks `delayMs` after making the pair.
 */
export function slowKeyClient(
  fixture: TokenFixture,
  delayMs: number,
  options: TokenClientOptions = {},
  quirks: { labelsFixed?: boolean } = {},
): SlowKeyClient {
  const mark = path.join(fixture.hsm.root, `keygen-${process.hrtime.bigint()}`);
  const client = new TokenClient({
    modulePath: SOFTHSM_MODULE,
    env: {
      ...fixture.hsm.env,
      CERTDESK_TEST_KEYGEN_DELAY_MS: String(delayMs),
      CERTDESK_TEST_KEYGEN_MARK: mark,
      CERTDESK_TEST_LABELS_FIXED: quirks.labelsFixed ? '1' : '0',
    },
    processFactory: forkTokenProcess(SLOW_WORKER),
    ...options,
  });
  return {
    client,
    async generating() {
      while (!fs.existsSync(mark)) await sleep(50);
      fs.rmSync(mark);
    },
  };
}
