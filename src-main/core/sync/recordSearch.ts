import type { LocalDb } from '../store/db';

/**
 * Local search of the staff desk (issue 9) over kept applications and orders: the text of each
 * (`record_search_rows`: names, ID numbers, phones, 申请单号 / 订单号, enterprises, tracking numbers)
 * and its FTS5 index `record_search` (trigram tokenizer), which the triggers of migration 0002 keep in
 * step with `local_records`.
 * The user's text is always one literal substring: never an FTS5 query, never a LIKE pattern. A whole
 * record id finds its record too (not indexed: ids are long and nobody types a part of one).
 */

export interface RecordSearch {
  /**
   * Ids of the account's kept records of `kind` whose searchable text contains `text` (case folded),
   * or null when `text` is blank (no search). Only applications and orders are indexed.
   */
  ids(accountId: string, kind: string, text: string | undefined): Set<string> | null;
}

/** The trigram tokenizer indexes runs of three characters: a shorter text is looked for with LIKE. */
const TRIGRAM = 3;

/** One FTS5 string (a phrase): inside double quotes every character is literal, a quote is doubled. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 query of a text of 3+ characters: its trigrams at 0, 3, 6 … and the last one — each a
 * quoted string, ANDed (a space). They cover the text, so every record containing it matches; the
 * index is `detail=none` (no positions), so the LIKE on the kept text then keeps only real substrings.
 * Fewer, position-free doclists than the phrase of every trigram: an ID number's common "350", "501" …
 * are read a third as often.
 */
export function ftsTrigrams(text: string): string {
  const chars = [...text];
  const starts = new Set<number>();
  for (let at = 0; at + TRIGRAM <= chars.length; at += TRIGRAM) starts.add(at);
  starts.add(chars.length - TRIGRAM);
  const trigrams = new Set([...starts].map((at) => chars.slice(at, at + TRIGRAM).join('')));
  return [...trigrams].map(ftsPhrase).join(' ');
}

/** A LIKE pattern for a substring, with `\` as the escape of `%`, `_` and itself. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function createRecordSearch(db: LocalDb): RecordSearch {
  const sqlite = db.$client;
  const matching = sqlite
    .prepare(
      `SELECT r.id FROM record_search s JOIN record_search_rows r ON r.row_id = s.rowid
       WHERE record_search MATCH ? AND r.account_id = ? AND r.kind = ? AND r.body LIKE ? ESCAPE '\\'`,
    )
    .pluck();
  const byId = sqlite
    .prepare('SELECT id FROM record_search_rows WHERE account_id = ? AND kind = ? AND id = ?')
    .pluck();
  const liking = sqlite
    .prepare(
      `SELECT id FROM record_search_rows WHERE account_id = ? AND kind = ? AND body LIKE ? ESCAPE '\\'`,
    )
    .pluck();

  return {
    ids(accountId, kind, text) {
      const needle = text?.trim() ?? '';
      if (needle === '') return null;
      const rows =
        [...needle].length >= TRIGRAM
          ? matching.all(ftsTrigrams(needle), accountId, kind, likeContains(needle))
          : liking.all(accountId, kind, likeContains(needle));
      const found = new Set(rows as string[]);
      // As the server's queue: a record is also found by its whole id (ids are lower-case UUIDs).
      for (const id of byId.all(accountId, kind, needle.toLowerCase()) as string[]) found.add(id);
      return found;
    },
  };
}
