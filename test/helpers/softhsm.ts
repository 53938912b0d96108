import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TEST_SO_PIN = '12345678';
export const FACTORY_USER_PIN = '111111';

export interface SoftHsmToken {
  label: string;
  serial: string;
  userPin: string;
  soPin: string;
}

/**
 * A private SoftHSM2 installation for one test: its own SOFTHSM2_CONF and token folder in a temp dir.
 * `env` must reach the token process: SoftHSM2 reads SOFTHSM2_CONF when the module initialises.
 */
export interface SoftHsm {
  root: string;
  confPath: string;
  tokenDir: string;
  env: NodeJS.ProcessEnv;
  createToken(label: string, options?: { userPin?: string; soPin?: string }): SoftHsmToken;
  /** "Pulls out" the KEY: deletes the token's folder. */
  removeToken(token: SoftHsmToken): void;
  cleanup(): void;
}

export function createSoftHsm(): SoftHsm {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-softhsm-'));
  const tokenDir = path.join(root, 'tokens');
  const confPath = path.join(root, 'softhsm2.conf');
  fs.mkdirSync(tokenDir);
  fs.writeFileSync(
    confPath,
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, SOFTHSM2_CONF: confPath };
  const util = (args: string[]) => execFileSync('softhsm2-util', args, { env, encoding: 'utf8' });

  return {
    root,
    confPath,
    tokenDir,
    env,
    createToken(label, options = {}) {
      const userPin = options.userPin ?? FACTORY_USER_PIN;
      const soPin = options.soPin ?? TEST_SO_PIN;
      util(['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', userPin]);
      return { label, serial: serialOf(util(['--show-slots']), label), userPin, soPin };
    },
    removeToken(token) {
      const folder = fs.readdirSync(tokenDir).find((name) => name.replaceAll('-', '').endsWith(token.serial));
      if (!folder) throw new Error(`no token folder for serial ${token.serial}`);
      fs.rmSync(path.join(tokenDir, folder), {
        recursive: true,
        force: true,
        maxRetries: 5,
        retryDelay: 100,
      });
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The slot id of a new token is random: find the token by its label in `softhsm2-util --show-slots`. */
function serialOf(showSlots: string, label: string): string {
  for (const block of showSlots.split(/^Slot /m)) {
    const labelMatch = /^\s+Label:\s+(.*?)\s*$/m.exec(block);
    const serialMatch = /^\s+Serial number:\s+(\S+)\s*$/m.exec(block);
    if (labelMatch?.[1] === label && serialMatch?.[1]) return serialMatch[1];
  }
  throw new Error(`token ${label} not found after init`);
}
