import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-server/server';
import type { DatabaseOptions } from '../../../src-server/db/database';
import type { SmsMessage, SmsProvider } from '../../../src-server/sms/provider';
import { backends, createScratchDatabase, TEST_CA_PASSPHRASE, TEST_CRL_URL } from '../../helpers/apiServer';
import { call, freshPhone, knownCaptcha } from './api';

const SECRET = 'a-production-secret-of-at-least-32-characters';

class RecordingSms implements SmsProvider {
  readonly name = 'recording';
  readonly isDevelopment = false;
  readonly sent: SmsMessage[] = [];
  async send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
  }
}

describe.each(backends())('production codes across a restart (%s)', (backend) => {
  let database: DatabaseOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      database = { kind: 'postgres', url: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-restart-'));
      database = { kind: 'pglite', dataDir: dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => cleanup?.());

  const start = (sms: SmsProvider): Promise<RunningServer> =>
    startServer({
      port: 0,
      database,
      logLevel: 'silent',
      secret: SECRET,
      sms,
      payments: null,
      caPassphrase: TEST_CA_PASSPHRASE,
      crlUrl: TEST_CRL_URL,
    });

  it('an SMS code sent before a restart is accepted after it (kept in the database, keyed by the secret)', async () => {
    const sms = new RecordingSms();
    const phone = freshPhone();
    const first = await start(sms);
    try {
      expect(
        (
          await call(first, 'sms.send', {
            phone,
            purpose: 'register',
            ...(await knownCaptcha(first, SECRET)),
          })
        ).status,
      ).toBe(200);
    } finally {
      await first.close();
    }
    const code = sms.sent.at(-1)!.code;
    const second = await start(sms);
    try {
      const registered = await call(second, 'account.registerByPhone', {
        phone,
        smsCode: code,
        password: 'Passw0rd',
        confirmPassword: 'Passw0rd',
      });
      expect(registered.status).toBe(200);
    } finally {
      await second.close();
    }
  }, 60_000);
});
