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
import { lockedOnEdit, storedAttachments } from '../../src-renderer/services/serviceForm';
import { applicationRow } from './fixtures/application';

const application = applicationRow;

describe('申请单管理: what a row says', () => {
  it('sums an application up by its first filled fields, with option labels', () => {
    expect(
      summaryOf(application({ values: { enterpriseName: '示例公司', creditCode: 'X', agreement: true } })),
    ).toBe('企业名称：示例公司；统一社会信用代码：X');
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
