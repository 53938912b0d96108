import { AppError } from '../../../src-shared/errors';
import { fresh } from '../../../src-shared/ipc/contract';
import type { z } from '../../../src-shared/zod';
import type { RecordCache } from './recordCache';

/** Offline reading: what the API answers, or, only when it cannot be reached, what was kept here. */

export function isOffline(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NETWORK';
}

/** The live answer; only when the API cannot be reached, what was kept (else the error stands). */
export async function liveOrKept<T>(live: () => Promise<T>, kept: () => T | null): Promise<T> {
  try {
    return await live();
  } catch (error) {
    const fallback = isOffline(error) ? kept() : null;
    if (fallback === null) throw error;
    return fallback;
  }
}

export interface KeptValue<T> {
  value: T;
  /** True when the API could not be reached and this is the last copy kept on this computer. */
  fromCache: boolean;
  cachedAt: string | null;
}

/** One value the account may read offline: fetched and kept, or the last kept copy when offline. */
export function keptValue<S extends z.ZodType>(
  cache: RecordCache,
  where: { kind: string; id: string },
  schema: S,
  fetch: () => Promise<z.output<S>>,
): Promise<KeptValue<z.output<S>>> {
  return liveOrKept<KeptValue<z.output<S>>>(
    async () => {
      const value = await fetch();
      cache.put(where.kind, where.id, value, 0);
      return fresh({ value });
    },
    () => {
      const record = cache.get(where.kind, where.id);
      const parsed = record === null ? null : schema.safeParse(record.json);
      return record !== null && parsed?.success
        ? { value: parsed.data as z.output<S>, fromCache: true, cachedAt: record.cachedAt }
        : null;
    },
  );
}
