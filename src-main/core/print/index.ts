import { getService, printRefusal } from '../../../src-shared/catalogue';
import { AppError } from '../../../src-shared/errors';
import type { PdfFile } from '../../../src-shared/ipc/contract';
import { displayNumber } from '../../../src-shared/recordNumbers';
import type { ApplicationService } from '../applications';
import type { OrderService } from '../orders';
import { applicationFormPdf } from './applicationForm';
import { printFont, type CjkFont } from './cjkFont';
import { orderReceiptPdf } from './orderReceipt';

/** Printable documents made on this computer as PDFs (from the kept copies when offline). */
export interface PrintService {
  /** 申请表: only while the catalogue lets this application's 申请表 be printed (until issued). */
  applicationForm(id: string): Promise<PdfFile>;
  /** 回执 of an order. */
  orderReceipt(id: string): Promise<PdfFile>;
}

const APPLICATION_FORM = 'applicationForm';

function pdfFile(fileName: string, bytes: Buffer): PdfFile {
  return { fileName, pdfBase64: bytes.toString('base64') };
}

export function createPrintService(deps: {
  applications: ApplicationService;
  orders: OrderService;
  /** A font to use instead of looking for one (tests, a setting). */
  font?: CjkFont;
  now?: () => Date;
}): PrintService {
  const now = deps.now ?? (() => new Date());
  return {
    async applicationForm(id) {
      const { application } = await deps.applications.get(id);
      const service = getService(application.service);
      const document = service?.documents.find((candidate) => candidate.key === APPLICATION_FORM);
      if (!service || !document) {
        throw new AppError('PRECONDITION_FAILED', `${application.serviceName}无需打印申请表`);
      }
      const refusal = printRefusal(document, application.state, { now: now() });
      if (refusal !== null) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `申请单当前为「${application.stateLabel}」，${refusal.replace(/^当前状态下/, '')}（证书办理好后不再提供打印）`,
        );
      }
      const bytes = await applicationFormPdf(service, application, printFont(deps.font), now());
      return pdfFile(`申请表-${service.name}-${displayNumber(application)}.pdf`, bytes);
    },
    async orderReceipt(id) {
      const { order } = await deps.orders.get(id);
      const font = printFont(deps.font);
      const applications = [];
      for (const applicationId of order.applicationIds) {
        applications.push((await deps.applications.get(applicationId)).application);
      }
      const bytes = await orderReceiptPdf(order, applications, font);
      return pdfFile(`回执-${displayNumber(order)}.pdf`, bytes);
    },
  };
}
