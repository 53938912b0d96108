import { PrinterOutlined } from '@ant-design/icons';
import { getService, printRefusal } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { PdfButton } from '../files/PdfButton';

/**
 * 打印申请表 (seed 003), for services that have one; disabled with the reason once the certificate is
 * issued (the catalogue's documents say until when).
 */
export function PrintApplicationFormButton({ application }: { application: Application }) {
  const document = getService(application.service)?.documents.find((doc) => doc.key === 'applicationForm');
  if (!document) return null;
  const refusal = printRefusal(document, application.state, { now: new Date() });
  return (
    <PdfButton
      icon={<PrinterOutlined />}
      refusal={refusal && `${refusal}（证书办理好后不再提供打印）`}
      load={() => ipc.invoke('print.applicationForm', { id: application.id })}
      testId="print-application-form"
    >
      打印申请表
    </PdfButton>
  );
}
