import { AppError } from '../../../src-shared/errors';
import type { z } from '../../../src-shared/zod';
import type { RecordCache } from './recordCache';

export interface LiveOrKept<T> {
  value: T;
  /** True when the API could not be reached and this is the last copy kept on this computer. */
  fromCache: boolean;
  cachedAt: string | null;
}

/**
 * A record the account may read offline: fetched from the API and kept, or, when the API cannot be
 * reached, the last copy kept on this computer. Any other refusal is the caller's to show.
 */
export async function liveOrKept<S extends z.ZodType>(
  cache: RecordCache,
  where: { kind: string; id: string },
  schema: S,
  fetch: () => Promise<z.output<S>>,
): Promise<LiveOrKept<z.output<S>>> {
  try {
    const value = await fetch();
    cache.put(where.kind, where.id, value, 0);
    return { value, fromCache: false, cachedAt: null };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NETWORK') throw error;
    const record = cache.get(where.kind, where.id);
    const parsed = record === null ? null : schema.safeParse(record.json);
    if (record === null || !parsed?.success) throw error;
    return { value: parsed.data as z.output<S>, fromCache: true, cachedAt: record.cachedAt };
  }
}
