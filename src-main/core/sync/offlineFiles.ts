import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import {
  uploadedFileSchema,
  type UploadedFile,
  type UploadQuery,
} from '../../../src-shared/schemas/application';
import { AppError } from '../../../src-shared/errors';
import type { FileKind } from '../../../src-shared/catalogue/types';
import type { ApiClient } from '../api/client';
import type { LocalDb } from '../store/db';
import { offlineFiles } from '../store/schema';

/**
 * Files chosen while offline (docs/DESIGN.md, "Data and sync"): kept as <dataDir>/files/<sha256> with an
 * offline_files row, and answered with a placeholder id made from the hash — a UUID (version 8), so the
 * forms' id rules accept it. Before a mutation that names a placeholder is pushed, the engine uploads
 * the file and writes the server's id into the mutation in its place.
 */

export interface OfflineFiles {
  keep(accountId: string, query: UploadQuery, bytes: Buffer): UploadedFile;
  /** The args with every placeholder replaced by the server's id (uploading first where needed). */
  resolve(accountId: string, args: unknown): Promise<{ args: unknown; changed: boolean }>;
}

/** The placeholder id of a file kept offline: the first 128 bits of its SHA-256, as a version-8 UUID. */
export function placeholderId(sha256: string): string {
  const h = sha256.toLowerCase();
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SAME_FILE_OFFLINE = '离线时同一个文件只能用于一个附件：请为这个附件选择另一个文件，或联网后再上传';

function kindOf(bytes: Buffer): FileKind {
  if (bytes.subarray(0, 4).toString('latin1') === '%PDF') return 'pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  return 'png';
}

function replaceIn(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceIn(item, ids)]));
  }
  return value;
}

function mentions(value: unknown, placeholder: string): boolean {
  return JSON.stringify(value).includes(`"${placeholder}"`);
}

export function createOfflineFiles(db: LocalDb, dataDir: string, api: ApiClient): OfflineFiles {
  const folder = path.join(dataDir, 'files');
  const fileOf = (sha256: string) => path.join(folder, sha256);

  return {
    keep(accountId, query, bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const earlier = db
        .select()
        .from(offlineFiles)
        .where(and(eq(offlineFiles.accountId, accountId), eq(offlineFiles.sha256, sha256)))
        .get();
      // One row per content: the same file kept for another attachment would be uploaded under that one's rule.
      if (earlier && earlier.uploaded === null && earlier.query !== JSON.stringify(query)) {
        throw new AppError('VALIDATION', SAME_FILE_OFFLINE);
      }
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      const target = fileOf(sha256);
      if (!fs.existsSync(target)) {
        // Written whole under another name first: a crash never leaves half a file under its hash.
        const partial = `${target}.${process.pid}.part`;
        fs.writeFileSync(partial, bytes, { mode: 0o600 });
        fs.renameSync(partial, target);
      }
      const createdAt = new Date().toISOString();
      db.insert(offlineFiles)
        .values({
          accountId,
          sha256,
          fileName: query.fileName ?? sha256,
          query: JSON.stringify(query),
          size: bytes.length,
          uploaded: null,
          createdAt,
        })
        .onConflictDoNothing()
        .run();
      return {
        id: placeholderId(sha256),
        sha256,
        kind: kindOf(bytes),
        size: bytes.length,
        width: null,
        height: null,
        fileName: query.fileName ?? null,
        service: query.service ?? null,
        attachment: query.attachment,
        createdAt,
      };
    },

    async resolve(accountId, args) {
      const rows = db.select().from(offlineFiles).where(eq(offlineFiles.accountId, accountId)).all();
      const ids = new Map<string, string>();
      for (const row of rows) {
        const placeholder = placeholderId(row.sha256);
        if (!mentions(args, placeholder)) continue;
        const known = row.uploaded === null ? null : uploadedFileSchema.safeParse(JSON.parse(row.uploaded));
        let serverId = known?.success ? known.data.id : null;
        if (serverId === null) {
          const query = JSON.parse(row.query) as UploadQuery;
          const stored = await api.upload(query, fs.readFileSync(fileOf(row.sha256)));
          db.update(offlineFiles)
            .set({ uploaded: JSON.stringify(stored) })
            .where(and(eq(offlineFiles.accountId, accountId), eq(offlineFiles.sha256, row.sha256)))
            .run();
          serverId = stored.id;
        }
        ids.set(placeholder, serverId);
      }
      if (ids.size === 0) return { args, changed: false };
      return { args: replaceIn(args, ids), changed: true };
    },
  };
}
