import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** Session tokens: 32 random bytes for the client, only their SHA-256 in the database. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Short one-time answers (SMS codes, captcha text) are keyed with the server secret: a 6-digit code
 * hashed without a key would be undone by trying all million values.
 */
export function keyedHash(secret: Buffer, scope: string, value: string): string {
  return createHmac('sha256', secret).update(`${scope}\u0000${value}`).digest('hex');
}

export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
