import {
  AGREEMENT_FIELD_KEY,
  displayValue,
  shownFields,
  type ServiceDef,
} from '../../../src-shared/catalogue';
import { CENTRE_DETAILS } from '../../../src-shared/print/centre';
import { displayNumber } from '../../../src-shared/recordNumbers';
import type { ApplicationDetail } from '../../../src-shared/schemas/application';
import type { CjkFont } from './cjkFont';
import { renderPdf } from './pdfWriter';
import { beijingTime } from './printTime';

/**
 * The 申请表 (seed 003): every field of the form with its catalogue label, who applied and for which
 * enterprise, and the boxes the applicant signs and stamps before posting it with the documents.
 */
export function applicationFormPdf(
  service: ServiceDef,
  application: ApplicationDetail,
  font: CjkFont,
  printedAt: Date,
): Promise<Buffer> {
  const enterpriseName = application.values.enterpriseName;
  const forEnterprise = application.enterpriseCreditCode !== null;
  const agreement = service.fields.find((field) => field.key === AGREEMENT_FIELD_KEY)?.label;
  return renderPdf(font, { title: `${service.name}申请表`, author: CENTRE_DETAILS.name }, (pdf) => {
    pdf.title(
      `${service.name}申请表`,
      `${CENTRE_DETAILS.name} · 打印时间 ${beijingTime(printedAt.toISOString())}`,
    );
    pdf.grid([
      ['申请单号', displayNumber(application)],
      ['业务', service.name],
      ['申请人', application.applicantName ?? '—'],
      [
        '所属企业',
        forEnterprise
          ? `${typeof enterpriseName === 'string' ? enterpriseName : ''}（统一社会信用代码 ${application.enterpriseCreditCode}）`
          : '个人申请',
      ],
      ['提交时间', beijingTime(application.submittedAt)],
      ['当前状态', application.stateLabel],
    ]);
    pdf.heading('申请信息');
    pdf.grid(
      shownFields(service).map((field) => [field.label, displayValue(field, application.values[field.key])]),
    );
    pdf.space();
    pdf.paragraph(
      `申请人声明：以上信息真实、准确、完整${agreement ? `，已阅读并同意《${agreement}》` : ''}。请在下方签字并加盖公章后，` +
        '将本申请表与所需材料一并邮寄至证书服务中心；收到材料后才会寄回办理好的证书。',
      { size: 9.5 },
    );
    pdf.space();
    pdf.boxes(forEnterprise ? ['经办人签字', '单位公章'] : ['申请人签字', '备注']);
  });
}
