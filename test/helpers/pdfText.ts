import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The text of a PDF as poppler's pdftotext reads it (what a person's viewer would show). */
export async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-pdf-'));
  try {
    await writeFile(join(dir, 'document.pdf'), bytes);
    const { stdout } = await promisify(execFile)('pdftotext', [join(dir, 'document.pdf'), '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
