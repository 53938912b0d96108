import { describe, expect, it } from 'vitest';
import { applyLocalEffect, type EffectContext, type RecordJson } from '../../src-main/core/sync/localEffects';
import { actorRolesOn } from '../../src-shared/catalogue';
import { applicationRow } from './fixtures/application';

/** The desktop's guess of a queued mutation follows the catalogue the server enforces. */

const at = '2026-12-03T08:00:00.000Z';
function context(
  kept: Record<string, RecordJson> = {},
  roles: EffectContext['actor']['roles'] = [],
): EffectContext {
  return { accountId: 'u1', at, actor: { roles, name: '李四' }, kept: (_kind, id) => kept[id] ?? null };
}
const kept = (patch: Partial<ReturnType<typeof applicationRow>> = {}): RecordJson => ({
  ...applicationRow(patch),
  timeline: [],
});

describe('local effects of queued mutations', () => {
  it('an edited 审核未过 goes back to 待审核 with a pending 重新提交 step and the next version', () => {
    const edited = applyLocalEffect(
      'application.edit',
      { id: 'a1', version: 4, values: { enterpriseName: '新名称' }, attachments: {}, blankKey: true },
      kept({ state: 'rejected', stateLabel: '审核未过', version: 4 }),
      context(),
    );
    expect(edited).toMatchObject({ state: 'pending', stateLabel: '待审核', version: 5 });
    expect(edited?.timeline).toEqual([
      expect.objectContaining({ transition: 'resubmit', from: 'rejected', to: 'pending', pending: true }),
    ]);
  });

  it('a move the machine refuses leaves the state and version as they are', () => {
    const before = kept({ state: 'accepted', version: 2 });
    const after = applyLocalEffect(
      'application.transition',
      { id: 'a1', name: 'withdraw', version: 2 },
      before,
      context(),
    );
    expect(after).toMatchObject({ state: 'accepted', version: 2, timeline: [] });
    // A reviewer's move on another's application, by an account without the role: refused too.
    const accept = applyLocalEffect(
      'application.transition',
      { id: 'a1', name: 'accept', version: 1 },
      kept(),
      context(),
    );
    expect(accept).toMatchObject({ state: 'pending' });
  });

  it('an order made offline costs what the price table says of its applications', () => {
    const order = applyLocalEffect(
      'order.create',
      {
        id: 'o1',
        applicationIds: ['a1', 'a2', 'gone'],
        paymentMethod: 'transfer',
        invoice: { kind: 'none' },
        mailing: { kind: 'pickup' },
        contactPhone: '13800000002',
      },
      null,
      context({ a1: kept(), a2: kept({ id: 'a2', service: 'cert.renew' }) }),
    );
    expect(order).toMatchObject({
      amountFen: 400_00 + 300_00,
      state: 'unpaid',
      stateLabel: '待缴费',
      version: 1,
    });
  });

  it('staff act on others’ applications without the applicant role', () => {
    expect(actorRolesOn(['reviewer'], 's1', 'u1')).toEqual(['reviewer', 'staff']);
    expect(actorRolesOn(['applicant'], 'u1', 'u1')).toEqual(['applicant']);
  });
});
