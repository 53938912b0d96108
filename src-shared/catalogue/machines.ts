import type { ActorRole, MachineDef, StateDef, StateTone, TransitionDef, TransitionNeed } from './types';

/**
 * The review flow every service of the manuals shares, parameterised:
 *
 *   draft --submit--> pending --stage 1--> … --stage n-->
 *   pending (or any state in rejectFrom) --reject (feedback)--> rejected --resubmit--> pending
 *   pending --withdraw--> withdrawn                                  (when withdrawable)
 *
 * An edit in `rejected` resubmits (seed 000: an edited 审核未过 goes back to 等待审核).
 */

export interface ReviewStage {
  state: string;
  label: string;
  /** The move into this stage: its name, its button label and who takes it. */
  move: string;
  moveLabel: string;
  by: ActorRole;
  needs?: readonly TransitionNeed[];
  /** Defaults to 'success' for the last stage and 'processing' before it. */
  tone?: StateTone;
}

export interface ReviewFlowOptions {
  stages: readonly ReviewStage[];
  pendingLabel?: string;
  rejectedLabel?: string;
  rejectLabel?: string;
  /** States a reviewer may reject from; defaults to pending only. */
  rejectFrom?: readonly string[];
  /** Who rejects; defaults to the reviewer. */
  rejectBy?: ActorRole;
  /** The applicant may withdraw while pending, with this button label (撤回申请, 撤销邮寄 …). */
  withdrawLabel?: string;
  /** Defaults to draft, pending and rejected. */
  editableIn?: readonly string[];
  /** Defaults to draft, rejected and withdrawn. */
  deletableIn?: readonly string[];
}

export const DRAFT = 'draft';
export const PENDING = 'pending';
export const REJECTED = 'rejected';
export const WITHDRAWN = 'withdrawn';

export function reviewFlow(options: ReviewFlowOptions): MachineDef {
  const { stages } = options;
  const states: StateDef[] = [
    { code: DRAFT, label: '草稿', tone: 'default' },
    { code: PENDING, label: options.pendingLabel ?? '待审核', tone: 'warning' },
    ...stages.map((stage, index) => ({
      code: stage.state,
      label: stage.label,
      tone: stage.tone ?? (index === stages.length - 1 ? 'success' : 'processing'),
    })),
    { code: REJECTED, label: options.rejectedLabel ?? '审核未过', tone: 'error' },
  ];
  const transitions: TransitionDef[] = [
    { name: 'submit', label: '提交申请', from: [DRAFT], to: PENDING, by: 'applicant' },
    ...stages.map((stage, index) => ({
      name: stage.move,
      label: stage.moveLabel,
      from: [index === 0 ? PENDING : (stages[index - 1]?.state ?? PENDING)],
      to: stage.state,
      by: stage.by,
      ...(stage.needs ? { needs: stage.needs } : {}),
    })),
    {
      name: 'reject',
      label: options.rejectLabel ?? '退回',
      from: options.rejectFrom ?? [PENDING],
      to: REJECTED,
      by: options.rejectBy ?? 'reviewer',
      needs: ['feedback'],
    },
    { name: 'resubmit', label: '重新提交', from: [REJECTED], to: PENDING, by: 'applicant' },
  ];
  if (options.withdrawLabel !== undefined) {
    states.push({ code: WITHDRAWN, label: '已撤回', tone: 'default' });
    transitions.push({
      name: 'withdraw',
      label: options.withdrawLabel,
      from: [PENDING],
      to: WITHDRAWN,
      by: 'applicant',
    });
  }
  const defaultDeletable =
    options.withdrawLabel === undefined ? [DRAFT, REJECTED] : [DRAFT, REJECTED, WITHDRAWN];
  const editableIn = options.editableIn ?? [DRAFT, PENDING, REJECTED];
  return {
    states,
    initial: DRAFT,
    transitions,
    editableIn,
    editMoves: editableIn.includes(REJECTED) ? { [REJECTED]: 'resubmit' } : {},
    deletableIn: options.deletableIn ?? defaultDeletable,
  };
}

/** Seed 003: 待审核 → 申请受理中 → 可领取 → 已寄出; editable only until accepted. */
export const digitalCertificateFlow = reviewFlow({
  stages: [
    { state: 'accepted', label: '申请受理中', move: 'accept', moveLabel: '受理', by: 'reviewer' },
    {
      state: 'ready',
      label: '可领取',
      move: 'issue',
      moveLabel: '发证',
      by: 'issuer',
      needs: ['orderPaid'],
      tone: 'processing',
    },
    {
      state: 'shipped',
      label: '已寄出',
      move: 'ship',
      moveLabel: '寄出',
      by: 'staff',
      needs: ['trackingNumber'],
    },
  ],
  rejectLabel: '审核不通过',
  withdrawLabel: '撤回申请',
});

/** One review and done (seed 000: 等待审核 / 审核未过 / 审核通过; seed 002 likewise). */
export function singleReviewFlow(labels: { pending?: string; rejected?: string; approved?: string } = {}) {
  return reviewFlow({
    stages: [
      {
        state: 'approved',
        label: labels.approved ?? '审核通过',
        move: 'approve',
        moveLabel: '审核通过',
        by: 'reviewer',
      },
    ],
    pendingLabel: labels.pending ?? '待审核',
    rejectedLabel: labels.rejected ?? '审核未过',
    rejectLabel: '审核不通过',
  });
}

/**
 * Seed 001: the exam agency confirms and reports to the issuing authority, which approves; the
 * certificate is then reprinted and handed out. Deletable only while unreviewed or returned.
 */
export const issuingAuthorityFlow = reviewFlow({
  stages: [
    { state: 'reported', label: '已上报发证机关', move: 'report', moveLabel: '确认并上报', by: 'reviewer' },
    { state: 'approved', label: '发证机关审核通过', move: 'approve', moveLabel: '审核通过', by: 'issuer' },
    { state: 'issued', label: '已发放', move: 'handOut', moveLabel: '发放证书', by: 'staff' },
  ],
  pendingLabel: '未审核',
  rejectedLabel: '审核退回',
  rejectFrom: [PENDING, 'reported'],
  deletableIn: [DRAFT, PENDING, REJECTED],
});
