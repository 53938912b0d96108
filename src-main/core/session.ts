import { AppError } from '../../src-shared/errors';
import type { Session, SessionUser } from '../../src-shared/schemas/account';
import type { CoreEvents } from './events';
import type { SessionStore, StoredSession } from './store/sessionStore';

const ENDED_MESSAGES = {
  expired: '登录已过期，请重新登录',
  revoked: '登录状态已失效（可能已在别处退出或修改了密码），请重新登录',
} as const;

/** The logged-in session of this computer, kept in memory over the local store. */
export interface SessionService {
  token(): string | null;
  user(): SessionUser | null;
  /** The logged-in user, or UNAUTHENTICATED ("请先登录"). */
  requireUser(): SessionUser;
  start(session: Session): SessionUser;
  /** The user logged out: no event, the renderer asked for it. */
  clear(): void;
  /** The server refused the token: clear it and tell the renderer (with the server's words when given). */
  end(reason: 'expired' | 'revoked', message?: string): void;
  /** The server counted a use and says when the session now ends (it slides with every use). */
  extend(expiresAt: string): void;
}

/** Writes of a moved deadline closer together than this are skipped (the server's own resolution). */
const EXTEND_RESOLUTION_MS = 60_000;

export function createSessionService(
  store: SessionStore,
  events: CoreEvents,
  now: () => number = () => Date.now(),
): SessionService {
  let current: StoredSession | null = store.load(now());

  function live(): StoredSession | null {
    // Seen expired here first (the app stayed open, unused): end it as the server would.
    if (current !== null && Date.parse(current.expiresAt) <= now()) end('expired');
    return current;
  }

  function end(reason: 'expired' | 'revoked', message?: string) {
    const hadSession = current !== null;
    store.clear();
    current = null;
    if (hadSession) events.emit('session.ended', { reason, message: message ?? ENDED_MESSAGES[reason] });
  }

  return {
    token: () => live()?.token ?? null,
    user: () => live()?.user ?? null,
    requireUser() {
      const user = live()?.user;
      if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
      return user;
    },
    start(session) {
      store.save(session);
      current = { token: session.token, expiresAt: session.expiresAt, user: session.user };
      return session.user;
    },
    clear() {
      store.clear();
      current = null;
    },
    end,
    extend(expiresAt) {
      const next = Date.parse(expiresAt);
      if (current === null || Number.isNaN(next)) return;
      if (Math.abs(next - Date.parse(current.expiresAt)) < EXTEND_RESOLUTION_MS) return;
      current = { ...current, expiresAt: new Date(next).toISOString() };
      store.extend(current.expiresAt);
    },
  };
}
