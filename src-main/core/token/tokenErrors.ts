import { AppError } from '../../../src-shared/errors';
import type { PinState } from './types';

/** Result codes meaning the KEY (or its session) went away under us. */
const GONE_CODES = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_SLOT_ID_INVALID',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_DEVICE_ERROR',
]);

export function keyNotPresent(serial?: string): AppError {
  return new AppError(
    'KEY_NOT_PRESENT',
    '未检测到 KEY，或 KEY 已被拔出。请插入 KEY 后重试。',
    serial === undefined ? undefined : { serial },
  );
}

/**
 * The message for a wrong PIN, from the token's flags read after the failed login. Standard PKCS#11 has no
 * retry counter; `remainingTries` is used when a module (vendor extension) reports one.
 */
export function wrongPinError(pin: PinState, remainingTries?: number): AppError {
  if (pin.locked) return pinLockedError();
  if (pin.finalTry || remainingTries === 1) {
    return new AppError('PIN_INCORRECT', 'PIN 码错误，这是最后一次机会：再错一次 KEY 将被锁定。', {
      remainingTries: 1,
      finalTry: true,
    });
  }
  if (remainingTries !== undefined && remainingTries > 1) {
    return new AppError('PIN_INCORRECT', `PIN 码错误，还可尝试 ${remainingTries} 次。`, { remainingTries });
  }
  if (pin.countLow) {
    return new AppError('PIN_INCORRECT', 'PIN 码错误，剩余尝试次数不多，请确认后再输入。', {
      countLow: true,
    });
  }
  return new AppError('PIN_INCORRECT', 'PIN 码错误，请重新输入。');
}

export function pinLockedError(): AppError {
  return new AppError('PIN_LOCKED', 'PIN 码已锁定，请携带 KEY 到服务窗口解锁。');
}

export function pinChangeRequired(): AppError {
  return new AppError(
    'PIN_CHANGE_REQUIRED',
    '当前仍是出厂 PIN 码，为保护您的证书，请先修改 PIN 码再进行签名操作。',
  );
}

/** The CKR_… name of a pkcs11js error, or null for anything else. */
export function ckrName(error: unknown): string | null {
  if (error instanceof Error && /^CKR_[A-Z_]+/.test(error.message))
    return /^CKR_[A-Z_]+/.exec(error.message)![0];
  return null;
}

export function isKeyGone(error: unknown): boolean {
  const name = ckrName(error);
  return name !== null && GONE_CODES.has(name);
}

/** Any other failure of the module. The CKR name goes into details for support, not into the sentence. */
export function tokenFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const ckr = ckrName(error);
  return new AppError(
    'TOKEN_ERROR',
    'KEY 操作失败。请拔出 KEY 重新插入后重试；如仍失败，请联系服务窗口。',
    ckr === null ? undefined : { ckr },
  );
}
