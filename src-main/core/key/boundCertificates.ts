import { fresh, type BoundCertificatesResult } from '../../../src-shared/ipc/contract';
import { boundCertificateListSchema, type BoundCertificate } from '../../../src-shared/schemas/key';
import type { ApiClient } from '../api/client';
import { liveOrKept } from '../store/keptCopy';
import type { RecordCache } from '../store/recordCache';
import { daysLeft, expiryLevel } from '../../../src-shared/rules/certificateExpiry';

const KIND = 'boundCertificates';

/**
 * The certificates bound to an account, kept on this computer like the profile: the list (with validity)
 * still shows when the KEY is out or the API is down.
 */
export interface BoundCertificates {
  list(userId: string): Promise<BoundCertificatesResult>;
  /** Adds a certificate the server just bound to the kept list. */
  remember(userId: string, certificate: BoundCertificate): void;
  forget(userId: string): void;
}

export function createBoundCertificates(api: ApiClient, cache: RecordCache): BoundCertificates {
  function keep(userId: string, items: BoundCertificate[]): void {
    cache.put(KIND, userId, { items }, 0);
  }

  function kept(userId: string): { items: BoundCertificate[]; cachedAt: string } | null {
    const record = cache.get(KIND, userId);
    if (record === null) return null;
    const parsed = boundCertificateListSchema.safeParse(record.json);
    return parsed.success ? { items: parsed.data.items, cachedAt: record.cachedAt } : null;
  }

  return {
    list(userId) {
      return liveOrKept<BoundCertificatesResult>(
        async () => {
          const { items } = await api.call('certificates.listBound', {});
          keep(userId, items);
          return fresh({ items });
        },
        () => {
          const fallback = kept(userId);
          // Days left move on while offline: count them again from the validity kept.
          return (
            fallback && {
              items: fallback.items.map((c) => refreshExpiry(c)),
              fromCache: true,
              cachedAt: fallback.cachedAt,
            }
          );
        },
      );
    },
    remember(userId, certificate) {
      const items = (kept(userId)?.items ?? []).filter((c) => c.fingerprint !== certificate.fingerprint);
      keep(userId, [...items, certificate]);
    },
    forget(userId) {
      cache.remove(KIND, userId);
    },
  };
}

function refreshExpiry(certificate: BoundCertificate, now = new Date()): BoundCertificate {
  const notBefore = new Date(certificate.notBefore);
  const notAfter = new Date(certificate.notAfter);
  return {
    ...certificate,
    daysLeft: daysLeft(notAfter, now),
    expiry: expiryLevel(notBefore, notAfter, now),
  };
}
