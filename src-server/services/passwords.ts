import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/** The cost of new hashes, N = 2^17 (`limits.passwordCostLog2`; tests of other rules may lower it). */
export const DEFAULT_COST_LOG2 = 17;
/** Below this a hash is no protection at all: not even a test server makes one. */
const MIN_COST_LOG2 = 12;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** A stored string asking for more than this is not ours (and would take gigabytes to check). */
const MAX_COST_LOG2 = 20;
/**
 * Each scrypt run holds 128·N·r bytes (128 MiB at N = 2^17, r = 8) for about a second; two at a
 * time bound the memory a burst of logins takes, and leave libuv's other threads to file and DNS work.
 */
const MAX_PARALLEL = 2;

interface Cost {
  N: number;
  r: number;
  p: number;
}

let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function scrypt(password: string, salt: Buffer, keyLength: number, cost: Cost): Promise<Buffer> {
  // OpenSSL needs 128·r·(N + p + 2) bytes; Node refuses anything above maxmem (32 MiB by default).
  const maxmem = 128 * cost.r * (cost.N + cost.p + 2) + 1024 * 1024;
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        scryptCallback(password.normalize('NFKC'), salt, keyLength, { ...cost, maxmem }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

function costOf(costLog2: number): Cost {
  return { N: 2 ** Math.max(MIN_COST_LOG2, Math.min(MAX_COST_LOG2, costLog2)), r: R, p: P };
}

/** `scrypt$N$r$p$salt$hash` (base64): the string says how it was made, so the cost can rise later. */
export async function hashPassword(password: string, costLog2 = DEFAULT_COST_LOG2): Promise<string> {
  const cost = costOf(costLog2);
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(encoded: string): { cost: Cost; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, saltText, keyText] = encoded.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(cost.N) &&
    cost.N >= 2 &&
    cost.N <= 2 ** MAX_COST_LOG2 &&
    (cost.N & (cost.N - 1)) === 0 &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= 32 &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= 16;
  if (scheme !== 'scrypt' || !sane || !saltText || !keyText) return null;
  return { cost, salt: Buffer.from(saltText, 'base64'), key: Buffer.from(keyText, 'base64') };
}

/** Checks against the parameters stored in the hash, so hashes made at an older cost still verify. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parse(encoded);
  if (stored === null || stored.key.length === 0) return false;
  const key = await scrypt(password, stored.salt, stored.key.length, stored.cost);
  return timingSafeEqual(key, stored.key);
}

/** Whether a stored hash was made at less than today's cost (and should be redone at the next login). */
export function needsRehash(encoded: string, costLog2 = DEFAULT_COST_LOG2): boolean {
  const stored = parse(encoded);
  const wanted = costOf(costLog2);
  return stored === null || stored.cost.N < wanted.N || stored.cost.r < wanted.r;
}

const dummyHashes = new Map<number, Promise<string>>();

/** Spends the same time as a real check, so an unknown account cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string, costLog2 = DEFAULT_COST_LOG2): Promise<false> {
  let dummy = dummyHashes.get(costLog2);
  if (dummy === undefined) {
    dummy = hashPassword('certdesk-dummy-password-1', costLog2);
    dummyHashes.set(costLog2, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}
