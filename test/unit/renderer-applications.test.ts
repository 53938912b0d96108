import { describe, expect, it } from 'vitest';
import { serviceCatalogue } from '../../src-shared/catalogue';
import {
  displayValue,
  filterApplications,
  filterOptions,
  newestFirst,
  shownFields,
  summaryOf,
} from '../../src-renderer/applications/applicationView';
import {
  drawerActions,
  feeShown,
  WRITE_KEY_NEEDS_SERVER,
} from '../../src-renderer/applications/drawerActions';
import { lockedOnEdit, storedAttachments } from '../../src-renderer/services/serviceForm';
import { applicationRow } from './fixtures/application';

const application = applicationRow;

describe('申请单管理: what a row says', () => {
  it('sums an application up by its first filled fields, with option labels', () => {
    expect(
      summaryOf(application({ values: { enterpriseName: '示例公司', creditCode: 'X', agreement: true } })),
    ).toBe('企业名称：示例公司；统一社会信用代码：X');
    expect(
      summaryOf(application({ values: { enterpriseName: '示例公司', creditCode: 'X' } }), 2, false),
    ).toBe('示例公司；X');
    const renew = serviceCatalogue['cert.renew'];
    const kind = renew.fields.find((field) => field.key === 'certificateKind')!;
    expect(displayValue(kind, 'enterprise')).toBe('企业证书');
    expect(shownFields(renew).map((field) => field.key)).not.toContain('certificateFingerprint');
  });

  it('filters by service and by the state’s label, offering only what the list holds', () => {
    const items = [
      application({ id: 'a', updatedAt: '2025-03-01T00:00:00Z' }),
      application({
        id: 'b',
        state: 'accepted',
        stateLabel: '申请受理中',
        updatedAt: '2025-03-03T00:00:00Z',
      }),
      application({
        id: 'c',
        service: 'cert.renew',
        serviceName: '证书续费',
        updatedAt: '2025-03-02T00:00:00Z',
      }),
    ];
    expect(newestFirst(items).map((item) => item.id)).toEqual(['b', 'c', 'a']);
    expect(filterApplications(items, { stateLabel: '待审核' }).map((item) => item.id)).toEqual(['a', 'c']);
    expect(filterApplications(items, { service: 'cert.renew' }).map((item) => item.id)).toEqual(['c']);
    expect(filterOptions(items).states.map((option) => option.label)).toEqual(['待审核', '申请受理中']);
  });

  it('an edit keeps the locked values it was submitted with and the uploads already stored', () => {
    const service = serviceCatalogue['cert.new.enterprise'];
    expect(lockedOnEdit(service, { operatorName: '李四', enterpriseName: '示例公司' })).toEqual([
      'operatorName',
    ]);
    expect(storedAttachments({ businessLicence: 'u1' })).toEqual({ businessLicence: { uploadId: 'u1' } });
  });
});

describe('申请单 drawer: what works offline', () => {
  const service = serviceCatalogue['cert.new.enterprise'];

  it('offers 编辑 and 撤回 of a 待审核 application offline as online: the outbox keeps them', () => {
    for (const offline of [false, true]) {
      const actions = drawerActions(service, application(), offline, false);
      expect(actions.edit).toEqual({ shown: true, disabledReason: null });
      expect(actions.withdraw).toEqual({ shown: true, disabledReason: null });
      expect(actions.delete.shown).toBe(false);
      expect(actions.writeKey.shown).toBe(false);
    }
    const withdrawn = drawerActions(service, application({ state: 'withdrawn' }), true, false);
    expect(withdrawn.delete).toEqual({ shown: true, disabledReason: null });
    expect(withdrawn.withdraw.shown).toBe(false);
  });

  it('greys out what the state forbids with the machine’s reason, and 写入 KEY offline when the certificate is not kept', () => {
    const accepted = drawerActions(service, application({ state: 'accepted' }), true, false);
    expect(accepted.edit.disabledReason).toBe('当前状态为「申请受理中」，不能编辑，请联系客服');
    const ready = application({ state: 'ready', certificateId: 'c1' });
    expect(drawerActions(service, ready, false, false).writeKey).toEqual({
      shown: true,
      disabledReason: null,
    });
    expect(drawerActions(service, ready, true, false).writeKey).toEqual({
      shown: true,
      disabledReason: WRITE_KEY_NEEDS_SERVER,
    });
    // The issued certificate kept on this computer: written from it offline.
    expect(drawerActions(service, ready, true, true).writeKey).toEqual({ shown: true, disabledReason: null });
  });

  it('shows the fee of the price table, marked 待同步 on a record the server has not numbered yet', () => {
    expect(feeShown(application())).toEqual({ text: '¥400.00', pending: false });
    expect(feeShown(application({ number: null }))).toEqual({ text: '¥400.00', pending: true });
    expect(feeShown(application({ feeFen: 0 }))).toBeNull();
  });
});
