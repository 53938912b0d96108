import { formatYuan } from '../../../src-shared/catalogue';
import {
  CENTRE_DETAILS,
  DEMO_NOTICE,
  REMITTANCE_NOTE_HINT,
  remittanceNote,
} from '../../../src-shared/print/centre';
import { whatToPostFor } from '../../../src-shared/print/postage';
import { displayNumber } from '../../../src-shared/recordNumbers';
import type { Application } from '../../../src-shared/schemas/application';
import { PAYMENT_METHODS, type Order } from '../../../src-shared/schemas/order';
import type { CjkFont } from './cjkFont';
import { renderPdf } from './pdfWriter';
import { beijingTime } from './printTime';

/**
 * The 回执 of an order (seed 003): the order and its applications with their fees, how it is paid
 * (for a transfer: the payee account and the order number as the remittance note), what to post
 * with this page and where to, and where the certificates are sent back.
 */
export function orderReceiptPdf(
  order: Order,
  applications: readonly Application[],
  font: CjkFont,
): Promise<Buffer> {
  const { payee, postal } = CENTRE_DETAILS;
  return renderPdf(
    font,
    { title: `申请回执 ${displayNumber(order)}`, author: CENTRE_DETAILS.name },
    (pdf) => {
      pdf.title('申请回执', CENTRE_DETAILS.name);
      pdf.grid([
        ['订单号', displayNumber(order)],
        ['下单时间', beijingTime(order.createdAt)],
        ['缴费方式', PAYMENT_METHODS[order.paymentMethod]],
        ['订单状态', order.stateLabel],
        ['订单金额', formatYuan(order.amountFen)],
      ]);
      pdf.heading('申请单');
      pdf.table(
        ['序号', '业务', '申请人', '申请单号', '费用'],
        applications.map((application, index) => [
          String(index + 1),
          application.serviceName,
          application.applicantName ?? '—',
          displayNumber(application),
          formatYuan(application.feeFen),
        ]),
        [0.08, 0.3, 0.18, 0.28, 0.16],
      );
      pdf.paragraph(`合计：${formatYuan(order.amountFen)}`, { size: 12 });

      if (order.paymentMethod === 'transfer') {
        pdf.heading('对公转账收款账户');
        pdf.grid([
          ['户名', payee.accountName],
          ['开户行', payee.bank],
          ['账号', payee.accountNumber],
          ['汇款金额', formatYuan(order.amountFen)],
          ['汇款备注', `${REMITTANCE_NOTE_HINT}：${remittanceNote(order)}`],
        ]);
        pdf.paragraph(
          `${REMITTANCE_NOTE_HINT}。汇款后请在“订单管理”中上传汇款底单，财务核款后开具电子发票。`,
          {
            size: 9.5,
          },
        );
      }

      pdf.heading('需要邮寄的材料');
      pdf.paragraph('请将以下材料与本回执一同寄出：');
      whatToPostFor(applications.map((application) => application.service)).forEach((item, index) =>
        pdf.paragraph(`${index + 1}. ${item}`),
      );
      pdf.heading('寄往');
      pdf.grid([
        ['收件地址', `${postal.address}（邮编 ${postal.postalCode}）`],
        ['收件人', postal.recipient],
        ['联系电话', postal.phone],
      ]);
      pdf.heading('证书寄回地址');
      pdf.grid([
        ['邮寄地址', order.mailing.address],
        ['收件人', order.mailing.recipient],
        ['联系电话', order.mailing.phone],
      ]);
      pdf.heading('发票信息');
      pdf.grid([
        ['发票抬头', order.invoice.title],
        ['纳税人识别号', order.invoice.taxpayerNumber],
        ['电子邮箱', order.invoice.email],
      ]);
      if (CENTRE_DETAILS.demo) {
        pdf.space();
        pdf.paragraph(`注：${DEMO_NOTICE}。`, { size: 9 });
      }
    },
  );
}
