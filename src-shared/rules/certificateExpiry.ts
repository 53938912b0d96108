import type { ExpiryLevel } from '../schemas/key';

/** Certificates within this many days of expiry carry the 'expiring' warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days until `notAfter`, negative once expired. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.trunc((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export function expiryLevel(notBefore: Date, notAfter: Date, now: Date): ExpiryLevel {
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > notAfter.getTime()) return 'expired';
  return notAfter.getTime() - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS ? 'expiring' : 'ok';
}
