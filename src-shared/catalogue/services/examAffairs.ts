import {
  bankAccountField,
  compactDateField,
  contactPhoneField,
  dateField,
  emailField,
  GENDERS,
  personNameField,
  taxpayerNumberField,
} from '../../schemas/fields';
import {
  admissionTicketField,
  contactPhone,
  examFields,
  holderIdentityFields,
  KB,
  optionsOf,
  reasonField,
  scan,
  textRule,
} from '../fieldKit';
import { reviewFlow, singleReviewFlow } from '../machines';
import type { AttachmentRule, ServiceDef } from '../types';

/** Exam affairs (seeds 001, 002, 004): sign-up, refunds, reviews, appeals, receipts, personal info. */

/** Seed 004: every uploaded picture is a JPG or PNG of at most 100 KB. */
function smallImage(key: string, label: string, help?: string): AttachmentRule {
  return { key, label, types: ['jpeg', 'png'], maxBytes: 100 * KB, ...(help ? { help } : {}) };
}

/**
 * Seed 004: pick a batch, confirm the personal data, choose a site and a position, print the form,
 * submit; 审核通过 after the on-site check and payment. The admission ticket prints in the 5 days
 * before the exam.
 */
export const examRegistration: ServiceDef = {
  code: 'exam.registration',
  name: '考试报名',
  group: '考试',
  seeds: ['004'],
  summary: '选择考试批次、报考点和岗位，提交后到报考点现场审核缴费',
  applicants: ['person'],
  fields: [
    { key: 'examBatch', label: '考试批次', source: 'typed', input: 'select', optionsFrom: 'examBatches' },
    ...holderIdentityFields,
    {
      key: 'gender',
      label: '性别',
      source: 'profile.gender',
      locked: true,
      input: 'select',
      options: optionsOf(GENDERS),
    },
    { key: 'birthDate', label: '出生日期', schema: dateField, source: 'profile.birthDate', locked: true },
    { key: 'phone', label: '手机号', schema: contactPhoneField, source: 'profile.phone' },
    { key: 'examSite', label: '报考点', source: 'typed', input: 'select', optionsFrom: 'examSites' },
    { key: 'position', label: '报考岗位', source: 'typed', input: 'select', optionsFrom: 'examPositions' },
  ],
  attachments: [
    smallImage('photo', '个人证件照', '白底免冠证件照'),
    smallImage('idCardScan', '身份证扫描件', '正反面合并在一张图片中'),
    smallImage('diplomaScan', '学历证书扫描件'),
  ],
  preconditions: [{ kind: 'profileComplete', fields: ['name', 'idNumber', 'gender', 'birthDate', 'phone'] }],
  documents: [
    { key: 'registrationForm', title: '报名表', printableIn: ['draft', 'pending', 'approved'] },
    { key: 'admissionTicket', title: '准考证', printableIn: ['approved'], daysBeforeExam: 5 },
  ],
  machine: reviewFlow({
    stages: [
      {
        state: 'approved',
        label: '审核通过',
        move: 'approve',
        moveLabel: '现场审核通过',
        by: 'staff',
        needs: ['orderPaid'],
      },
    ],
    rejectedLabel: '审核未通过',
    rejectLabel: '审核不通过',
    editableIn: ['draft', 'rejected'],
  }),
};

const INSPECTOR_CATEGORIES = {
  inspector: '检验员',
  senior: '检验师',
  tester: '检测人员',
  typeTest: '型式试验人员',
};
const INSPECTOR_SIGNUP_KINDS = {
  renewalByReview: '审核换证',
  qualifying: '取证考试',
  renewalExempt: '免试换证',
  renewalByExam: '考试换证',
  qualifyingResit: '取证补考',
  renewalResit: '换证补考',
} as const;

/** Seed 001: inspection personnel sign up for a renewal or an exam under an exam plan. */
export const inspectorRegistration: ServiceDef = {
  code: 'inspector.registration',
  name: '检验检测人员报名',
  group: '考试',
  seeds: ['001'],
  summary: '检验、检测、型式试验人员的换证或考试报名，选择考试计划后提交',
  applicants: ['person'],
  fields: [
    ...holderIdentityFields,
    {
      key: 'category',
      label: '报名类别',
      source: 'typed',
      input: 'select',
      options: optionsOf(INSPECTOR_CATEGORIES),
    },
    { key: 'project', label: '报名项目', schema: textRule('报名项目', 50), source: 'typed' },
    { key: 'nature', label: '检验性质', schema: textRule('检验性质', 50), source: 'typed' },
    {
      key: 'heldItems',
      label: '持证项目',
      schema: textRule('持证项目', 200),
      source: 'typed',
      required: false,
      help: '换证或部分二级取证时填写',
    },
    {
      key: 'signupKind',
      label: '报名方式',
      source: 'typed',
      input: 'select',
      options: optionsOf(INSPECTOR_SIGNUP_KINDS),
    },
    {
      key: 'resitSubjects',
      label: '补考科目',
      schema: textRule('补考科目', 100),
      source: 'typed',
      requiredWhen: { field: 'signupKind', in: ['qualifyingResit', 'renewalResit'] },
    },
    {
      key: 'lastExamDate',
      label: '上次考试时间',
      schema: dateField,
      source: 'typed',
      requiredWhen: { field: 'signupKind', in: ['qualifyingResit', 'renewalResit'] },
    },
    { key: 'examPlan', label: '考试计划', source: 'typed', input: 'select', optionsFrom: 'examPlans' },
  ],
  attachments: [
    scan('materials', '报名资料', { help: '除申请表外的其他材料' }),
    scan('signedForm', '签字后的申请表', { required: false, help: '报名成功后打印申请表，签字后再上传' }),
  ],
  preconditions: [{ kind: 'profileComplete', fields: ['name', 'idNumber', 'phone'] }],
  documents: [
    { key: 'applicationForm', title: '报名申请表', printableIn: ['pending', 'rejected', 'approved'] },
  ],
  machine: reviewFlow({
    stages: [
      { state: 'approved', label: '资格审核通过', move: 'approve', moveLabel: '审核通过', by: 'reviewer' },
    ],
    pendingLabel: '未审核',
    rejectedLabel: '审核退回',
    deletableIn: ['draft', 'pending', 'rejected'],
  }),
};

/** Seed 002: money back for an exam; finance pays once approved. */
export const examRefund: ServiceDef = {
  code: 'exam.refund',
  name: '考试退费',
  group: '考试',
  seeds: ['002'],
  summary: '符合退费条件的考生申请退还考试费，审核通过后退回原账户',
  applicants: ['person'],
  fields: [
    ...examFields,
    admissionTicketField,
    ...holderIdentityFields,
    reasonField('reason', '退费原因'),
    { key: 'accountName', label: '收款人户名', schema: personNameField, source: 'profile.name' },
    { key: 'bankName', label: '开户银行', schema: textRule('开户银行', 50, 2), source: 'typed' },
    { key: 'bankAccount', label: '银行账号', schema: bankAccountField, source: 'typed' },
    contactPhone(),
  ],
  attachments: [scan('proof', '退费证明材料', { help: '如缴费凭证、医院证明等' })],
  preconditions: [],
  documents: [],
  machine: reviewFlow({
    stages: [
      { state: 'approved', label: '审核通过', move: 'approve', moveLabel: '审核通过', by: 'reviewer' },
      { state: 'refunded', label: '已退费', move: 'refund', moveLabel: '确认退费', by: 'finance' },
    ],
    rejectLabel: '审核不通过',
  }),
};

/** Seed 002: ask for a subject's score to be checked again. */
export const scoreReview: ServiceDef = {
  code: 'exam.scoreReview',
  name: '成绩复核',
  group: '考试',
  seeds: ['002'],
  summary: '对考试成绩有异议时申请复核',
  applicants: ['person'],
  fields: [
    ...examFields,
    admissionTicketField,
    ...holderIdentityFields,
    { key: 'subject', label: '复核科目', schema: textRule('复核科目', 50), source: 'typed' },
    reasonField('reason', '复核理由'),
    contactPhone(),
  ],
  attachments: [scan('materials', '相关材料', { required: false })],
  preconditions: [],
  documents: [],
  machine: reviewFlow({
    stages: [
      { state: 'reviewed', label: '已复核', move: 'conclude', moveLabel: '给出复核结果', by: 'reviewer' },
    ],
    rejectLabel: '不予受理',
    rejectedLabel: '不予受理',
  }),
};

/** Seed 002: qualification review of a candidate; a refusal may be appealed (qualification.appeal). */
export const qualificationReview: ServiceDef = {
  code: 'qualification.review',
  name: '资格复核',
  group: '资格',
  seeds: ['002'],
  summary: '提交报考资格复核申请和证明材料',
  applicants: ['person'],
  fields: [
    ...examFields,
    ...holderIdentityFields,
    { key: 'position', label: '报考级别或岗位', schema: textRule('报考级别或岗位', 50), source: 'typed' },
    { key: 'education', label: '学历', schema: textRule('学历', 30), source: 'typed' },
    { key: 'workYears', label: '相关工作年限', schema: textRule('相关工作年限', 10), source: 'typed' },
    contactPhone(),
  ],
  attachments: [scan('diploma', '学历证书扫描件'), scan('workProof', '工作年限证明', { required: false })],
  preconditions: [],
  documents: [],
  machine: singleReviewFlow({ rejected: '审核不通过' }),
};

/** Seed 002: appeal against a refused qualification review. */
export const qualificationAppeal: ServiceDef = {
  code: 'qualification.appeal',
  name: '资格复核申诉',
  group: '资格',
  seeds: ['002'],
  summary: '对资格复核结果不服时提出申诉',
  applicants: ['person'],
  fields: [...holderIdentityFields, reasonField('appealReason', '申诉理由', 1000), contactPhone()],
  attachments: [scan('materials', '申诉材料', { required: false })],
  preconditions: [{ kind: 'relatedApplication', service: 'qualification.review', states: ['rejected'] }],
  documents: [],
  machine: reviewFlow({
    stages: [{ state: 'upheld', label: '申诉成立', move: 'uphold', moveLabel: '申诉成立', by: 'reviewer' }],
    rejectedLabel: '申诉驳回',
    rejectLabel: '驳回申诉',
    editableIn: ['draft', 'pending'],
  }),
};

/** Seed 002: a candidate listed as dishonest asks for the qualification to be reviewed. */
export const dishonestReview: ServiceDef = {
  code: 'dishonest.review',
  name: '失信人员资格审核',
  group: '资格',
  seeds: ['002'],
  summary: '被列为失信人员的考生申请资格审核，需提交信用修复等证明材料',
  applicants: ['person'],
  fields: [
    ...examFields,
    ...holderIdentityFields,
    reasonField('statement', '情况说明', 1000),
    contactPhone(),
  ],
  attachments: [scan('creditProof', '信用修复证明材料')],
  preconditions: [],
  documents: [],
  machine: singleReviewFlow({ rejected: '审核不通过' }),
};

/** Seed 002: appeal against a disciplinary finding at an exam. */
export const disciplineAppeal: ServiceDef = {
  code: 'discipline.appeal',
  name: '违纪申诉',
  group: '考试',
  seeds: ['002'],
  summary: '对考试违纪违规处理结果提出申诉',
  applicants: ['person'],
  fields: [
    ...examFields,
    admissionTicketField,
    ...holderIdentityFields,
    { key: 'subject', label: '科目', schema: textRule('科目', 50), source: 'typed' },
    {
      key: 'decisionDate',
      label: '处理决定日期',
      schema: compactDateField,
      source: 'typed',
      required: false,
    },
    reasonField('appealReason', '申诉理由', 1000),
    contactPhone(),
  ],
  attachments: [scan('materials', '申诉材料', { required: false })],
  preconditions: [],
  documents: [],
  machine: reviewFlow({
    stages: [{ state: 'upheld', label: '申诉成立', move: 'uphold', moveLabel: '申诉成立', by: 'reviewer' }],
    rejectedLabel: '申诉驳回',
    rejectLabel: '驳回申诉',
  }),
};

const PERSONAL_INFO_ITEMS = {
  name: '姓名',
  idNumber: '证件号码',
  gender: '性别',
  birthDate: '出生日期',
} as const;

/** Seed 002: correct the identity the exam records hold; the old value comes from the profile. */
export const personalInfoChange: ServiceDef = {
  code: 'personalInfo.change',
  name: '考生信息修改',
  group: '个人信息',
  seeds: ['002'],
  summary: '考生姓名、证件号码等登记信息有误时申请修改，需提交证明材料',
  applicants: ['person'],
  fields: [
    ...holderIdentityFields,
    {
      key: 'changeItem',
      label: '修改项目',
      source: 'typed',
      input: 'select',
      options: optionsOf(PERSONAL_INFO_ITEMS),
    },
    { key: 'newValue', label: '修改后内容', schema: textRule('修改后内容', 50), source: 'typed' },
    reasonField('reason', '修改原因'),
    contactPhone(),
  ],
  attachments: [scan('proof', '证明材料', { help: '如户籍证明、新身份证扫描件' })],
  preconditions: [],
  documents: [],
  machine: singleReviewFlow({ rejected: '审核不通过' }),
};

const RECEIPT_TITLE_KINDS = { person: '个人', organisation: '单位' } as const;

/** Seed 002: a receipt (票据) for exam fees paid; a unit title needs its taxpayer number. */
export const receiptRequest: ServiceDef = {
  code: 'receipt.request',
  name: '票据申领',
  group: '票据',
  seeds: ['002'],
  summary: '为已缴纳的考试费申领电子票据',
  applicants: ['person'],
  fields: [
    ...examFields,
    ...holderIdentityFields,
    {
      key: 'titleKind',
      label: '抬头类型',
      source: 'typed',
      input: 'radio',
      options: optionsOf(RECEIPT_TITLE_KINDS),
    },
    { key: 'title', label: '票据抬头', schema: textRule('票据抬头', 100, 2), source: 'profile.name' },
    {
      key: 'taxpayerNumber',
      label: '纳税人识别号',
      schema: taxpayerNumberField,
      source: 'typed',
      requiredWhen: { field: 'titleKind', in: ['organisation'] },
    },
    {
      key: 'email',
      label: '接收邮箱',
      schema: emailField,
      source: 'profile.email',
      help: '电子票据将发送到此邮箱',
    },
  ],
  attachments: [scan('paymentProof', '缴费凭证', { required: false })],
  preconditions: [],
  documents: [],
  machine: reviewFlow({
    stages: [
      { state: 'issued', label: '已开具', move: 'issueReceipt', moveLabel: '开具票据', by: 'finance' },
    ],
    rejectLabel: '退回',
    rejectBy: 'finance',
  }),
};
