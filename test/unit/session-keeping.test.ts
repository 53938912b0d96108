import { describe, expect, it } from 'vitest';
import { SESSION_NOT_KEPT_NOTICE, sessionKeepingFor } from '../../src-main/core/sessionKeeping';
import type { SecretBox } from '../../src-main/core/store/sessionStore';

const box: SecretBox = { encrypt: (plain) => Buffer.from(plain), decrypt: (sealed) => sealed.toString() };

describe('whether the Electron app keeps the session token', () => {
  it.each([
    ['Windows or macOS with encryption', { encryptionAvailable: true, linuxBackend: null }],
    ['Linux with GNOME libsecret', { encryptionAvailable: true, linuxBackend: 'gnome_libsecret' }],
    ['Linux with KWallet 5', { encryptionAvailable: true, linuxBackend: 'kwallet5' }],
    ['Linux with KWallet 6', { encryptionAvailable: true, linuxBackend: 'kwallet6' }],
  ])('seals it on %s', (_label, state) => {
    expect(sessionKeepingFor(state, box)).toEqual({ keep: 'sealed', box });
  });

  it.each([
    ['encryption is unavailable', { encryptionAvailable: false, linuxBackend: null }],
    ['Linux has only the plain-text backend', { encryptionAvailable: true, linuxBackend: 'basic_text' }],
    ['Linux names no backend', { encryptionAvailable: true, linuxBackend: 'unknown' }],
    [
      'Linux has a key store but no encryption',
      { encryptionAvailable: false, linuxBackend: 'gnome_libsecret' },
    ],
  ])('keeps it in memory only, and says so, when %s', (_label, state) => {
    expect(sessionKeepingFor(state, box)).toEqual({ keep: 'memory', notice: SESSION_NOT_KEPT_NOTICE });
    expect(SESSION_NOT_KEPT_NOTICE).toBe('本机无法安全保存登录状态，关闭应用后需要重新登录');
  });
});
