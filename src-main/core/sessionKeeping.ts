import type { SecretBox } from './store/sessionStore';

/** Why the desktop app asks for a login after every start (shown on the login page). */
export const SESSION_NOT_KEPT_NOTICE = '本机无法安全保存登录状态，关闭应用后需要重新登录';

/** How the session token outlives a restart of the app. */
export type SessionKeeping =
  /** Sealed by the OS key store (Electron: safeStorage). */
  | { keep: 'sealed'; box: SecretBox }
  /** In plain text in the data folder: start:web and tests, which have no OS key store. */
  | { keep: 'plain' }
  /** Not at all: it lives in memory until the app closes, and `notice` says so. */
  | { keep: 'memory'; notice: string };

/** What Electron's safeStorage says about this computer. */
export interface SafeStorageState {
  encryptionAvailable: boolean;
  /** Linux only: `safeStorage.getSelectedStorageBackend()`; null on Windows and macOS. */
  linuxBackend: string | null;
}

/** The OS key stores Chromium uses on Linux; `basic_text` (a key known to every program) is not one. */
const LINUX_KEY_STORES = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * The Electron app keeps the session token only where safeStorage really protects it: encryption is
 * available and, on Linux, backed by a key store (not `basic_text`, nor `unknown`).
 */
export function sessionKeepingFor(state: SafeStorageState, box: SecretBox): SessionKeeping {
  const sealed =
    state.encryptionAvailable && (state.linuxBackend === null || LINUX_KEY_STORES.has(state.linuxBackend));
  return sealed ? { keep: 'sealed', box } : { keep: 'memory', notice: SESSION_NOT_KEPT_NOTICE };
}
