import type { CjkFont } from './cjkFonts';

/**
 * The part of a pdfkit document that turning it into bytes needs. Written out here so that src-shared,
 * which the renderer imports too, does not import pdfkit (a Node library).
 */
export interface PdfStream<Chunk> {
  on(event: 'data', listener: (chunk: Chunk) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  font(src: string, family?: string): unknown;
  end(): void;
}

/**
 * Draws a pdfkit document in the Chinese font and collects what it writes; `join` makes one value of
 * the chunks (Buffer.concat where Node is there). A drawing error rejects instead of throwing.
 */
export function pdfBytes<Chunk, Doc extends PdfStream<Chunk>, Bytes>(
  doc: Doc,
  font: CjkFont,
  draw: (doc: Doc) => void,
  join: (chunks: Chunk[]) => Bytes,
): Promise<Bytes> {
  return new Promise((resolve, reject) => {
    const chunks: Chunk[] = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(join(chunks)));
    doc.on('error', reject);
    try {
      if (font.family) doc.font(font.path, font.family);
      else doc.font(font.path);
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
