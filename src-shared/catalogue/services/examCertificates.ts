import {
  certificateReferenceFields,
  contactPhone,
  examCertificateFields,
  mailingFields,
  optionsOf,
  reasonField,
  reissuePhoto,
  scan,
} from '../fieldKit';
import { issuingAuthorityFlow, reviewFlow, singleReviewFlow } from '../machines';
import type { ServiceDef } from '../types';

/** Exam certificates (seeds 000, 001, 002): reissue, correction of what they say, and mailing. */

const REISSUE_REASONS = { lost: '遗失', damaged: '损坏', other: '其他' } as const;

/**
 * Seed 000. Picking an exam loads the holder's certificates; a collected one prefills and locks the
 * form. When none is found the same form is typed by hand. Certificates of 2016 or earlier need a photo.
 */
export const reissueCertificate: ServiceDef = {
  code: 'cert.reissue',
  name: '证书补办',
  group: '考试证书',
  seeds: ['000', '001', '002'],
  summary: '证书遗失或损坏时申请补办；2016 年及以前的证书需上传电子照片',
  applicants: ['person'],
  fields: [
    ...examCertificateFields,
    { ...contactPhone(), label: '联系方式', help: '请如实填写，确保联络畅通' },
    {
      key: 'reissueReason',
      label: '补办原因',
      source: 'typed',
      input: 'select',
      options: optionsOf(REISSUE_REASONS),
      required: false,
    },
  ],
  attachments: [reissuePhoto],
  preconditions: [{ kind: 'certificateCollected' }],
  documents: [
    { key: 'applicationForm', title: '证书补办申请表', printableIn: ['draft', 'pending', 'rejected'] },
  ],
  machine: singleReviewFlow({ pending: '等待审核', rejected: '审核未过', approved: '审核通过' }),
};

const CHANGE_ITEMS = {
  holderName: '姓名',
  idNumber: '证件号码',
  birthMonth: '出生年月',
  gender: '性别',
  level: '级别',
  major: '专业',
  other: '其他',
} as const;

/** Seed 001: a certificate that says something wrong; the authority reviews, then reprints it. */
export const changeCertificateInfo: ServiceDef = {
  code: 'cert.infoChange',
  name: '证书信息变更',
  group: '考试证书',
  seeds: ['001'],
  summary: '持有证书信息有误时申请更正，审核通过后重新打印发放',
  applicants: ['person'],
  fields: [
    ...certificateReferenceFields,
    {
      key: 'changeItem',
      label: '变更项目',
      source: 'typed',
      input: 'select',
      options: optionsOf(CHANGE_ITEMS),
    },
    { key: 'correctValue', label: '正确内容', source: 'typed' },
    reasonField('reason', '变更原因'),
    contactPhone(),
  ],
  attachments: [
    scan('proof', '证明材料', { help: '如户籍证明、身份证等能证明正确信息的材料' }),
    scan('signedForm', '签字后的申请表', { required: false, help: '申请成功后打印申请表，签字后再上传' }),
  ],
  preconditions: [],
  documents: [
    { key: 'applicationForm', title: '证书信息变更申请表', printableIn: ['pending', 'rejected', 'reported'] },
  ],
  machine: issuingAuthorityFlow,
};

/** Seed 002: post a certificate (or a reissued one) to the holder; cancellable until accepted. */
export const mailCertificate: ServiceDef = {
  code: 'cert.mailing',
  name: '证书邮寄',
  group: '考试证书',
  seeds: ['002'],
  summary: '申请将证书邮寄到指定地址，受理前可修改或撤销',
  applicants: ['person'],
  fields: [...certificateReferenceFields, ...mailingFields],
  attachments: [],
  preconditions: [],
  documents: [],
  machine: reviewFlow({
    stages: [
      { state: 'accepted', label: '已受理', move: 'accept', moveLabel: '受理', by: 'staff' },
      {
        state: 'shipped',
        label: '已寄出',
        move: 'ship',
        moveLabel: '寄出',
        by: 'staff',
        needs: ['trackingNumber'],
      },
    ],
    pendingLabel: '待受理',
    rejectedLabel: '已退回',
    withdrawLabel: '撤销邮寄',
  }),
};
