import type { ApiInput, ApiOutput } from '../../src-shared/api/routes';
import { fresh, type ProfileResult } from '../../src-shared/ipc/contract';
import { profileSchema, type Profile, type SessionUser } from '../../src-shared/schemas/account';
import type { SyncService } from './sync';
import type { ApiClient } from './api/client';
import { errorContext, type Logger } from './logger';
import type { SessionService } from './session';
import { liveOrKept } from './store/keptCopy';
import type { RecordCache } from './store/recordCache';

const PROFILE = 'profile';

/** The account services the IPC handlers call. */
export interface AccountService {
  newCaptcha(): Promise<ApiOutput<'captcha.new'>>;
  sendSms(input: ApiInput<'sms.send'>): Promise<ApiOutput<'sms.send'>>;
  registerByPhone(input: ApiInput<'account.registerByPhone'>): Promise<ApiOutput<'account.registerByPhone'>>;
  registerByIdNumber(
    input: ApiInput<'account.registerByIdNumber'>,
  ): Promise<ApiOutput<'account.registerByIdNumber'>>;
  loginPassword(input: ApiInput<'auth.loginPassword'>): Promise<SessionUser>;
  loginSms(input: ApiInput<'auth.loginSms'>): Promise<SessionUser>;
  resetPasswordByPhone(
    input: ApiInput<'auth.resetPasswordByPhone'>,
  ): Promise<ApiOutput<'auth.resetPasswordByPhone'>>;
  resetPasswordByIdNumber(
    input: ApiInput<'auth.resetPasswordByIdNumber'>,
  ): Promise<ApiOutput<'auth.resetPasswordByIdNumber'>>;
  logout(): Promise<{ ok: true }>;
  /** Who is logged in on this computer, from the local store (works offline). */
  currentUser(): SessionUser | null;
  changePassword(input: ApiInput<'account.changePassword'>): Promise<ApiOutput<'account.changePassword'>>;
  getProfile(): Promise<ProfileResult>;
  updateProfile(input: ApiInput<'profile.update'>): Promise<Profile>;
  changePhone(input: ApiInput<'account.changePhone'>): Promise<Profile>;
}

export function createAccountService(deps: {
  api: ApiClient;
  session: SessionService;
  cache: RecordCache;
  logger: Logger;
  /** profile.update goes through the sync outbox; the pull keeps the profile too. */
  sync: SyncService;
}): AccountService {
  const { api, session, cache, logger, sync } = deps;

  function cachedProfile(userId: string): ProfileResult | null {
    const cached = cache.get(PROFILE, userId);
    const profile = cached === null ? null : profileSchema.safeParse(cached.json);
    if (cached === null || profile === null || !profile.success) {
      const kept = sync.kept('profile', userId);
      const synced = kept === null ? null : profileSchema.safeParse(kept.json);
      return synced?.success
        ? { profile: synced.data, fromCache: true, cachedAt: kept?.changedAt ?? null }
        : null;
    }
    return { profile: profile.data, fromCache: true, cachedAt: cached.cachedAt };
  }

  return {
    newCaptcha: () => api.call('captcha.new', {}),
    sendSms: (input) => api.call('sms.send', input),
    registerByPhone: (input) => api.call('account.registerByPhone', input),
    registerByIdNumber: (input) => api.call('account.registerByIdNumber', input),
    async loginPassword(input) {
      return session.start(await api.call('auth.loginPassword', input));
    },
    async loginSms(input) {
      return session.start(await api.call('auth.loginSms', input));
    },
    resetPasswordByPhone: (input) => api.call('auth.resetPasswordByPhone', input),
    resetPasswordByIdNumber: (input) => api.call('auth.resetPasswordByIdNumber', input),
    async logout() {
      const user = session.user();
      if (user === null) return { ok: true };
      try {
        await api.call('auth.logout', {});
      } catch (error) {
        // Logging out must work offline too; the server session then simply expires.
        logger.warn('logout: the server could not be told', errorContext(error));
      }
      session.clear();
      cache.remove(PROFILE, user.id);
      return { ok: true };
    },
    currentUser: () => session.user(),
    changePassword: (input) => api.call('account.changePassword', input),
    async getProfile() {
      const user = session.requireUser();
      return liveOrKept(
        async () => {
          const profile = await api.call('profile.get', {});
          cache.put(PROFILE, user.id, profile, profile.version);
          return fresh({ profile });
        },
        () => cachedProfile(user.id),
      );
    },
    async updateProfile(input) {
      const user = session.requireUser();
      const kept = await sync.write('profile.update', input);
      const local = kept === null ? null : profileSchema.safeParse(kept.json);
      if (local?.success && kept?.sync === 'synced') {
        cache.put(PROFILE, user.id, local.data, local.data.version);
        return local.data;
      }
      if (local?.success) return local.data;
      const profile = await api.call('profile.get', {});
      cache.put(PROFILE, user.id, profile, profile.version);
      return profile;
    },
    async changePhone(input) {
      const user = session.requireUser();
      const profile = await api.call('account.changePhone', input);
      cache.put(PROFILE, user.id, profile, profile.version);
      return profile;
    },
  };
}
