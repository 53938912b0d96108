import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { TokenClient, type TokenClientOptions } from '../../../src-main/core/token';
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
  command: 'garbage-cert' | 'key-attributes',
  pin: string,
): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', PROBE, command, fixture.key.serial, pin], {
    env: fixture.hsm.env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as unknown;
}
