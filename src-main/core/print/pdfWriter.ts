import PDFDocument from 'pdfkit';
import { pdfBytes } from '../../../src-shared/print/pdfBytes';
import type { CjkFont } from './cjkFont';

/**
 * A small A4 layout kit over pdfkit for the printed forms: a title, bordered label/value grids,
 * headings, paragraphs and the boxes to sign and stamp in, with page breaks where rows run over.
 */
export interface PdfWriter {
  title(text: string, subtitle?: string): void;
  heading(text: string): void;
  paragraph(text: string, options?: { bold?: boolean; size?: number }): void;
  /** A bordered two-column grid: label | value. */
  grid(rows: readonly (readonly [string, string])[]): void;
  /** A bordered table with a header row; `widths` are fractions of the line. */
  table(header: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): void;
  /** Empty boxes side by side to sign or stamp in, each with its caption and a date line. */
  boxes(captions: readonly string[]): void;
  space(lines?: number): void;
}

const MARGIN = 50;
const PADDING = 6;
const LABEL_WIDTH = 140;
const BORDER = '#8c8c8c';
const LABEL_FILL = '#f5f5f5';

export async function renderPdf(
  font: CjkFont,
  info: { title: string; author: string },
  draw: (writer: PdfWriter) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: info.title, Author: info.author },
  });
  return pdfBytes(
    doc,
    font,
    () => {
      doc.fontSize(10.5);
      draw(writerOver(doc));
    },
    (chunks: Buffer[]) => Buffer.concat(chunks),
  );
}

function writerOver(doc: PDFKit.PDFDocument): PdfWriter {
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  /** Starts a new page when `height` would run past the bottom margin. */
  function room(height: number): void {
    if (doc.y + height > bottom()) doc.addPage();
  }

  function cell(x: number, y: number, w: number, h: number, text: string, fill?: string): void {
    if (fill) doc.rect(x, y, w, h).fillAndStroke(fill, BORDER);
    else doc.rect(x, y, w, h).stroke(BORDER);
    doc.fillColor('#000000').text(text, x + PADDING, y + PADDING, { width: w - 2 * PADDING });
  }

  function row(cells: readonly { text: string; width: number; fill?: string }[]): void {
    const height =
      Math.max(...cells.map((c) => doc.heightOfString(c.text || ' ', { width: c.width - 2 * PADDING }))) +
      2 * PADDING;
    room(height);
    const y = doc.y;
    let x = left;
    for (const c of cells) {
      cell(x, y, c.width, height, c.text, c.fill);
      x += c.width;
    }
    doc.x = left;
    doc.y = y + height;
  }

  return {
    title(text, subtitle) {
      doc.fontSize(20).text(text, left, doc.y, { width, align: 'center' });
      if (subtitle)
        doc.moveDown(0.3).fontSize(10).fillColor('#595959').text(subtitle, { width, align: 'center' });
      doc.fillColor('#000000').fontSize(10.5).moveDown(1);
    },
    heading(text) {
      room(40);
      doc.moveDown(0.6).fontSize(13).text(text, left, doc.y, { width }).fontSize(10.5).moveDown(0.3);
    },
    paragraph(text, options = {}) {
      doc.fontSize(options.size ?? 10.5);
      room(doc.heightOfString(text, { width }));
      doc.text(text, left, doc.y, { width }).fontSize(10.5);
    },
    grid(rows) {
      doc.lineWidth(0.6);
      for (const [label, value] of rows) {
        row([
          { text: label, width: LABEL_WIDTH, fill: LABEL_FILL },
          { text: value, width: width - LABEL_WIDTH },
        ]);
      }
      doc.moveDown(0.4);
    },
    table(header, rows, widths) {
      doc.lineWidth(0.6);
      const columns = widths.map((fraction) => fraction * width);
      row(header.map((text, index) => ({ text, width: columns[index]!, fill: LABEL_FILL })));
      for (const cells of rows) row(cells.map((text, index) => ({ text, width: columns[index]! })));
      doc.moveDown(0.4);
    },
    boxes(captions) {
      const gap = 20;
      const boxWidth = (width - gap * (captions.length - 1)) / captions.length;
      const height = 110;
      room(height);
      const y = doc.y;
      captions.forEach((caption, index) => {
        const x = left + index * (boxWidth + gap);
        doc.lineWidth(0.8).rect(x, y, boxWidth, height).stroke(BORDER);
        doc.text(caption, x + PADDING, y + PADDING, { width: boxWidth - 2 * PADDING });
        doc.text('年      月      日', x + PADDING, y + height - 24, {
          width: boxWidth - 2 * PADDING,
          align: 'right',
        });
      });
      doc.x = left;
      doc.y = y + height;
    },
    space(lines = 1) {
      doc.moveDown(lines);
    },
  };
}
