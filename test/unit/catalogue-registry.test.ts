import { describe, expect, it } from 'vitest';
import {
  applicantRefusal,
  feeOf,
  formatYuan,
  getService,
  isKnownSource,
  listServices,
  reviewFlow,
  SERVICE_CODES,
  serviceCatalogue,
  totalFen,
  validateCatalogue,
  type ServiceDef,
} from '../../src-shared/catalogue';

describe('the catalogue', () => {
  it('passes its own self-check', () => {
    expect(validateCatalogue()).toEqual([]);
  });

  it('holds every service code once, each from the manuals', () => {
    expect(listServices().map((service) => service.code)).toEqual([...SERVICE_CODES]);
    const seeds = new Set(listServices().flatMap((service) => service.seeds));
    expect([...seeds].sort()).toEqual(['000', '001', '002', '003', '004']);
    expect(getService('cert.renew')?.name).toBe('证书续费');
    expect(getService('nope')).toBeUndefined();
    expect(getService('toString')).toBeUndefined();
  });

  it('finds the mistakes an entry can make', () => {
    const base = serviceCatalogue['cert.mailing'];
    const broken: ServiceDef = {
      ...base,
      fields: [
        ...base.fields,
        { key: 'recipientName', label: '重复', source: 'typed' },
        { key: 'x', label: 'x', source: 'profile.nickname' as 'typed' },
        { key: 'y', label: 'y', source: 'typed', locked: true, requiredWhen: { field: 'ghost', in: ['a'] } },
        { key: 'z', label: 'z', source: 'typed', input: 'select' },
      ],
      documents: [{ key: 'd', title: 'd', printableIn: ['lost'] }],
      machine: {
        ...base.machine,
        initial: 'nowhere',
        transitions: [
          ...base.machine.transitions,
          { name: 'fly', label: '飞', from: ['sky'], to: 'pending', by: 'staff' },
        ],
        editMoves: { accepted: 'resubmit' },
      },
    };
    const problems = validateCatalogue({ ...serviceCatalogue, 'cert.mailing': broken });
    expect(problems).toEqual(
      expect.arrayContaining([
        "cert.mailing: field 'recipientName' is defined twice",
        "cert.mailing: field 'x' has unknown source 'profile.nickname'",
        "cert.mailing: field 'y' is locked but typed",
        "cert.mailing: field 'y' depends on unknown field 'ghost'",
        "cert.mailing: field 'z' is a select without options",
        "cert.mailing: document 'd' names unknown state 'lost'",
        "cert.mailing: initial state names unknown state 'nowhere'",
        "cert.mailing: transition 'fly' names unknown state 'sky'",
        "cert.mailing: editMoves from 'accepted', which is not editable",
      ]),
    );
  });

  it('knows which sources exist, down to nested profile and KEY values', () => {
    expect(isKnownSource('profile.enterprise.creditCode')).toBe(true);
    expect(isKnownSource('key.subject.commonName')).toBe(true);
    expect(isKnownSource('certificate.managementNumber')).toBe(true);
    expect(isKnownSource('profile.enterprise')).toBe(false);
    expect(isKnownSource('key.subject.nickname')).toBe(false);
    expect(isKnownSource('bank.balance')).toBe(false);
  });

  it('builds review flows whose every state is reachable', () => {
    const flow = reviewFlow({
      stages: [{ state: 'done', label: '办结', move: 'finish', moveLabel: '办结', by: 'staff' }],
      withdrawLabel: '撤回',
    });
    expect(flow.states.map((state) => state.code)).toEqual([
      'draft',
      'pending',
      'done',
      'rejected',
      'withdrawn',
    ]);
    expect(flow.deletableIn).toEqual(['draft', 'rejected', 'withdrawn']);
  });
});

describe('who may apply', () => {
  it('keeps enterprise certificates to enterprise operators', () => {
    const enterprise = serviceCatalogue['cert.new.enterprise'];
    expect(applicantRefusal(enterprise, ['applicant', 'enterprise_operator'])).toBeNull();
    expect(applicantRefusal(enterprise, ['applicant'])).toBe(
      '「企业证书新办」只能由企业经办人申请，请使用企业经办人账号办理',
    );
    expect(applicantRefusal(serviceCatalogue['cert.new.person'], ['applicant'])).toBeNull();
  });
});

describe('fees', () => {
  it('come from the price table in fen, possibly 0', () => {
    expect(feeOf('cert.new.enterprise').fen).toBe(40000);
    expect(feeOf('cert.reissue').fen).toBe(0);
    expect(formatYuan(feeOf('cert.renew').fen)).toBe('¥300.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(totalFen(['cert.new.enterprise', 'cert.renew', 'cert.renew'])).toBe(100000);
  });

  it('exist for every service', () => {
    for (const code of SERVICE_CODES) expect(Number.isInteger(feeOf(code).fen)).toBe(true);
  });
});
