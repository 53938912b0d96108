import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core';
import { DEMO_ACCOUNTS } from '../../../src-server/seed/demoAccounts';
import { ManualClock, startTestServer, type TestServer } from '../../helpers/apiServer';

const person = DEMO_ACCOUNTS.person;
const HOUR = 3600;

/**
 * The desktop and the server read the same hand-moved clock: the desktop session must end when the
 * server's does (8 hours after the last use), not 8 hours after login.
 */
describe('the desktop session slides with use', () => {
  const clock = new ManualClock(new Date());
  let server: TestServer;
  let dataDir: string;
  let core: Core;

  beforeAll(async () => {
    server = await startTestServer({ demo: true, clock });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-sliding-'));
  });
  afterAll(async () => {
    await core?.close();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function openCore() {
    return createCore({
      dataDir,
      apiUrl: server.url,
      env: {},
      connectivityIntervalMs: 60_000,
      now: () => clock.now().getTime(),
    });
  }

  it('stays logged in past login + 8 h while used, and ends 8 h after the last use', async () => {
    core = await openCore();
    const { captchaId } = await core.accounts.newCaptcha();
    await core.accounts.loginPassword({
      account: person.phone,
      password: person.password,
      captchaId,
      captchaText: await server.captchaText(captchaId),
    });
    const ended: string[] = [];
    core.events.on('session.ended', ({ reason }) => void ended.push(reason));

    clock.advance(7 * HOUR);
    expect((await core.accounts.getProfile()).fromCache).toBe(false);
    clock.advance(2 * HOUR); // 9 h after login, 2 h after the last use
    expect(core.session.user()).toMatchObject({ phone: person.phone });
    expect((await core.accounts.getProfile()).fromCache).toBe(false);

    // The moved deadline is kept on disk: a restart 14 h after login still has the session.
    await core.close();
    clock.advance(5 * HOUR);
    core = await openCore();
    core.events.on('session.ended', ({ reason }) => void ended.push(reason));
    expect(core.session.user()).toMatchObject({ phone: person.phone });
    expect(ended).toEqual([]);

    clock.advance(3 * HOUR + 60); // 8 h and a minute after the last use
    expect(core.session.user()).toBeNull();
    expect(ended).toEqual(['expired']);
  });
});
