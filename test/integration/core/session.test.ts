import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAppRoot } from '../../../src-main/core/appRoot';
import { createEvents } from '../../../src-main/core/events';
import { createSessionService } from '../../../src-main/core/session';
import { openStore, type LocalStore } from '../../../src-main/core/store/db';
import { createSessionStore } from '../../../src-main/core/store/sessionStore';

const user = {
  id: 'u1',
  name: '张三',
  phone: '13800000001',
  idNumber: null,
  roles: [],
  enterpriseName: null,
};

let dataDir: string;
let store: LocalStore;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certdesk-session-'));
  store = openStore(dataDir, path.join(findAppRoot(), 'drizzle', 'local'));
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-03-10T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('session service', () => {
  it('ends a session that expires while the app is open, once, with a Chinese reason', () => {
    const events = createEvents();
    const ended = vi.fn();
    events.on('session.ended', ended);
    const sessions = createSessionService(createSessionStore(store.db), events);
    sessions.start({ token: 't', expiresAt: '2025-03-10T09:00:00Z', user });
    expect(sessions.user()).toEqual(user);

    vi.setSystemTime(new Date('2025-03-10T09:00:01Z'));
    expect(sessions.token()).toBeNull();
    expect(sessions.user()).toBeNull();
    expect(ended).toHaveBeenCalledOnce();
    expect(ended).toHaveBeenCalledWith({ reason: 'expired', message: '登录已过期，请重新登录' });
    expect(createSessionStore(store.db).load()).toBeNull();
  });

  it('does not announce a logout the user asked for', () => {
    const events = createEvents();
    const ended = vi.fn();
    events.on('session.ended', ended);
    const sessions = createSessionService(createSessionStore(store.db), events);
    sessions.start({ token: 't', expiresAt: '2025-03-10T09:00:00Z', user });
    sessions.clear();
    expect(sessions.user()).toBeNull();
    expect(ended).not.toHaveBeenCalled();
  });
});
