import PDFDocument from 'pdfkit';
import { formatYuan } from '../../src-shared/catalogue';
import { PAYMENT_METHODS, type InvoiceDetails, type PaymentMethod } from '../../src-shared/schemas/order';
import { pdfBytes } from '../../src-shared/print/pdfBytes';
import type { CjkFont } from './cjkFont';

/** The e-invoice (电子发票) of a paid order, as a one-page A4 PDF with Chinese text. */

export interface InvoiceContent {
  number: string;
  issuedAt: Date;
  buyer: InvoiceDetails;
  seller: string;
  paymentMethod: PaymentMethod;
  lines: { name: string; fen: number }[];
}

export const INVOICE_TITLE = '电子发票（普通发票）';

function shanghaiDate(date: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

export async function renderInvoicePdf(content: InvoiceContent, font: CjkFont): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${INVOICE_TITLE} ${content.number}`, Author: content.seller },
  });
  return pdfBytes(
    doc,
    font,
    () => {
      doc.fontSize(22).text(INVOICE_TITLE, { align: 'center' }).moveDown();
      doc.fontSize(11);
      doc.text(`发票号码：${content.number}`);
      doc.text(`开票日期：${shanghaiDate(content.issuedAt)}`);
      doc.text(`缴费方式：${PAYMENT_METHODS[content.paymentMethod]}`).moveDown();
      doc.text(`购买方名称：${content.buyer.title}`);
      doc.text(`纳税人识别号：${content.buyer.taxpayerNumber}`);
      doc.text(`电子邮箱：${content.buyer.email}`).moveDown();
      doc.fontSize(12).text('项目明细').fontSize(11);
      content.lines.forEach((line, index) =>
        doc.text(`${index + 1}. ${line.name}    ${formatYuan(line.fen)}`),
      );
      const total = content.lines.reduce((sum, line) => sum + line.fen, 0);
      doc
        .moveDown()
        .fontSize(13)
        .text(`价税合计：${formatYuan(total)}`);
      doc.moveDown().fontSize(11).text(`销售方：${content.seller}`);
    },
    (chunks: Buffer[]) => Buffer.concat(chunks),
  );
}
