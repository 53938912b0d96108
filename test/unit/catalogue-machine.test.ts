import { describe, expect, it } from 'vitest';
import {
  actorRolesOf,
  applicantActions,
  applyEdit,
  applyTransition,
  availableTransitions,
  canDelete,
  deleteRefusal,
  getService,
  printableDocuments,
  printRefusal,
  stateLabel,
  transitionRecord,
  transitionRecordSchema,
} from '../../src-shared/catalogue';

const newCertificate = getService('cert.new.enterprise')!;
const renew = getService('cert.renew')!;
const reissue = getService('cert.reissue')!;
const registration = getService('exam.registration')!;
const infoChange = getService('cert.infoChange')!;

const names = (transitions: { name: string }[]) => transitions.map((transition) => transition.name);

describe('digital certificate flow (seed 003): 待审核 → 申请受理中 → 可领取 → 已寄出', () => {
  it('walks the whole life with the right roles and inputs', () => {
    const steps: [string, Parameters<typeof applyTransition>[3], Parameters<typeof applyTransition>[4]][] = [
      ['submit', 'applicant', {}],
      ['accept', 'reviewer', {}],
      ['issue', 'issuer', { orderPaid: true }],
      ['ship', ['reviewer', 'staff'], { trackingNumber: 'SF1234567890' }],
    ];
    let state = newCertificate.machine.initial;
    const labels: string[] = [stateLabel(newCertificate, state)];
    for (const [name, role, input] of steps) {
      const outcome = applyTransition(newCertificate, state, name, role, input);
      if (!outcome.ok) throw new Error(outcome.message);
      state = outcome.to;
      labels.push(stateLabel(newCertificate, state));
    }
    expect(labels).toEqual(['草稿', '待审核', '申请受理中', '可领取', '已寄出']);
  });

  it('offers each role only its own moves from a state', () => {
    expect(names(availableTransitions(newCertificate, 'pending', 'reviewer'))).toEqual(['accept', 'reject']);
    expect(names(availableTransitions(newCertificate, 'pending', 'applicant'))).toEqual(['withdraw']);
    expect(names(availableTransitions(newCertificate, 'pending', 'finance'))).toEqual([]);
    expect(names(availableTransitions(newCertificate, 'accepted', actorRolesOf(['admin'])))).toEqual([
      'issue',
    ]);
  });

  it('refuses a move out of order, by the wrong role, or without what it needs', () => {
    expect(
      applyTransition(newCertificate, 'pending', 'ship', 'staff', { trackingNumber: 'SF1234567890' }),
    ).toEqual({
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: '当前状态为「待审核」，不能寄出，请刷新后查看最新状态',
    });
    expect(applyTransition(newCertificate, 'pending', 'accept', 'applicant')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有审核员可以受理',
    });
    expect(applyTransition(newCertificate, 'pending', 'reject', 'reviewer', { feedback: '  ' })).toEqual({
      ok: false,
      code: 'VALIDATION',
      field: 'feedback',
      message: '请填写审核意见，告诉申请人哪里需要修改',
    });
    expect(applyTransition(newCertificate, 'accepted', 'issue', 'issuer')).toEqual({
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: '订单尚未完成缴费，不能发证，请等待财务确认到账',
    });
    expect(
      applyTransition(newCertificate, 'ready', 'ship', 'staff', { trackingNumber: '单号' }),
    ).toMatchObject({
      ok: false,
      field: 'trackingNumber',
    });
    expect(applyTransition(newCertificate, 'pending', 'teleport', 'staff')).toMatchObject({
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: '「企业证书新办」没有「teleport」这一操作',
    });
  });

  it('rejects with feedback; the applicant edits the rejected application and it goes back to 待审核', () => {
    const rejected = applyTransition(newCertificate, 'pending', 'reject', 'reviewer', {
      feedback: '营业执照不清晰',
    });
    expect(rejected).toMatchObject({ ok: true, to: 'rejected' });
    expect(applyEdit(newCertificate, 'rejected')).toMatchObject({ ok: true, to: 'pending' });
  });

  it('edits while 待审核 and refuses an edit once 申请受理中, with the reason', () => {
    expect(applyEdit(newCertificate, 'pending')).toEqual({ ok: true, to: 'pending', transition: null });
    expect(applyEdit(newCertificate, 'accepted')).toEqual({
      ok: false,
      code: 'STATE_FORBIDS_EDIT',
      message: '当前状态为「申请受理中」，不能编辑，请联系客服',
    });
  });

  it('withdraws only while 待审核 and deletes only drafts, rejected and withdrawn applications', () => {
    expect(applicantActions(newCertificate, 'pending')).toEqual({
      edit: true,
      withdraw: true,
      delete: false,
    });
    expect(applicantActions(newCertificate, 'accepted')).toEqual({
      edit: false,
      withdraw: false,
      delete: false,
    });
    expect(applicantActions(newCertificate, 'withdrawn')).toEqual({
      edit: false,
      withdraw: false,
      delete: true,
    });
    expect(deleteRefusal(newCertificate, 'ready')?.message).toBe(
      '当前状态为「可领取」，不能删除；只有「草稿」、「审核未过」、「已撤回」的申请可以删除',
    );
    expect(deleteRefusal(newCertificate, 'rejected')).toBeNull();
  });

  it('prints the 申请表 until issued, and renewal has only the receipt', () => {
    const now = new Date();
    const titles = (service: typeof newCertificate, state: string) =>
      printableDocuments(service, state, { now }).map((document) => document.title);
    expect(titles(newCertificate, 'accepted')).toEqual(['申请表', '申请回执']);
    expect(titles(newCertificate, 'ready')).toEqual(['申请回执']);
    expect(titles(renew, 'pending')).toEqual(['申请回执']);
  });
});

describe('reissue flow (seed 000): 等待审核 / 审核未过 / 审核通过', () => {
  it('labels its states as the manual does', () => {
    expect(reissue.machine.states.map((state) => state.label)).toEqual([
      '草稿',
      '等待审核',
      '审核通过',
      '审核未过',
    ]);
  });

  it('an edited 审核未过 goes back to 等待审核, recorded as a resubmission', () => {
    const outcome = applyEdit(reissue, 'rejected');
    expect(outcome).toMatchObject({
      ok: true,
      to: 'pending',
      transition: { name: 'resubmit', by: 'applicant' },
    });
    expect(applyEdit(reissue, 'approved')).toMatchObject({ ok: false, code: 'STATE_FORBIDS_EDIT' });
  });
});

describe('other flows', () => {
  it('seed 001: delete only while unreviewed or returned; the authority may return after the report', () => {
    expect(
      ['draft', 'pending', 'reported', 'approved', 'issued', 'rejected'].filter((s) =>
        canDelete(infoChange, s),
      ),
    ).toEqual(['draft', 'pending', 'rejected']);
    expect(names(availableTransitions(infoChange, 'reported', ['reviewer', 'issuer']))).toEqual([
      'approve',
      'reject',
    ]);
  });

  it('seed 004: 待审核 → 审核通过 after payment; the admission ticket opens 5 days before the exam', () => {
    expect(applyTransition(registration, 'pending', 'approve', 'staff', { orderPaid: true })).toMatchObject({
      ok: true,
      to: 'approved',
    });
    expect(applyEdit(registration, 'pending')).toMatchObject({ ok: false, code: 'STATE_FORBIDS_EDIT' });
    const ticket = registration.documents.find((document) => document.key === 'admissionTicket')!;
    const examDate = '2026-06-20';
    expect(printRefusal(ticket, 'approved', { now: new Date('2026-06-10T08:00:00+08:00'), examDate })).toBe(
      '准考证在考试前 5 日内开放打印，请届时再来',
    );
    expect(
      printRefusal(ticket, 'approved', { now: new Date('2026-06-16T08:00:00+08:00'), examDate }),
    ).toBeNull();
    expect(printRefusal(ticket, 'pending', { now: new Date('2026-06-16T08:00:00+08:00'), examDate })).toBe(
      '当前状态下不能打印准考证',
    );
  });

  it('records a move for the timeline with actor, time and feedback', () => {
    const outcome = applyTransition(newCertificate, 'pending', 'reject', 'reviewer', {
      feedback: ' 营业执照不清晰 ',
    });
    if (!outcome.ok) throw new Error(outcome.message);
    const record = transitionRecord(
      outcome,
      { role: 'reviewer', name: '王审核' },
      new Date('2026-03-01T08:00:00Z'),
      {
        feedback: ' 营业执照不清晰 ',
      },
    );
    expect(transitionRecordSchema.parse(record)).toEqual({
      transition: 'reject',
      label: '审核不通过',
      from: 'pending',
      to: 'rejected',
      actor: { role: 'reviewer', name: '王审核' },
      at: '2026-03-01T08:00:00.000Z',
      feedback: '营业执照不清晰',
      trackingNumber: null,
    });
  });

  it('a timeline record has one shape across the boundary', () => {
    const record = {
      transition: 'reject',
      label: '审核不通过',
      from: 'pending',
      to: 'rejected',
      actor: { role: 'reviewer', name: '王审核' },
      at: '2026-03-01T08:00:00.000Z',
      feedback: '营业执照不清晰',
      trackingNumber: null,
    };
    expect(transitionRecordSchema.parse(record)).toEqual(record);
  });

  it('maps account roles to actor roles', () => {
    expect(actorRolesOf(['applicant'])).toEqual(['applicant']);
    expect(actorRolesOf(['finance'])).toEqual(['applicant', 'finance', 'staff']);
  });
});
