import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src-shared/schemas/account';
import type { Application } from '../../src-shared/schemas/application';
import { MIXED_ENTERPRISES_REASON, type Order } from '../../src-shared/schemas/order';
import { whatToPostFor } from '../../src-shared/print/postage';
import {
  isPayable,
  methodOptions,
  orderActions,
  orderDefaults,
  orderSummary,
  selectionRefusal,
  totalOf,
} from '../../src-renderer/orders/orderView';
import { remittanceNote } from '../../src-shared/print/centre';
import { formatRecordNumber, RECORD_NUMBER_PATTERN } from '../../src-shared/recordNumbers';
import { displayNumber } from '../../src-renderer/records/recordNumber';
import { applicationRow } from './fixtures/application';

const CODE = '91350100MA2Y0C3K1W';

function application(overrides: Partial<Application> = {}): Application {
  return applicationRow({
    id: crypto.randomUUID(),
    applicantId: 'me',
    enterpriseCreditCode: CODE,
    values: { enterpriseName: '福建省示例科技有限公司' },
    submittedAt: '2025-03-10T06:00:00Z',
    createdAt: '2025-03-10T06:00:00Z',
    updatedAt: '2025-03-10T06:00:00Z',
    ...overrides,
  });
}

const renewal = (overrides: Partial<Application> = {}) =>
  application({ service: 'cert.renew', serviceName: '证书续费', feeFen: 300_00, ...overrides });

function order(overrides: Partial<Order> = {}): Order {
  return {
    id: crypto.randomUUID(),
    number: 'DD20250310-0001',
    ownerId: 'me',
    state: 'unpaid',
    stateLabel: '待缴费',
    paymentMethod: 'transfer',
    amountFen: 800_00,
    applicationIds: [],
    enterpriseCreditCode: CODE,
    invoice: { title: 't', taxpayerNumber: CODE, email: 'a@b.cn' },
    mailing: { address: '福建省福州市', recipient: '李四', phone: '13800000002' },
    contactPhone: '13800000002',
    slipUploadId: null,
    financeFeedback: null,
    paidAt: null,
    invoiceReady: false,
    version: 1,
    createdAt: '2025-03-10T06:00:00Z',
    updatedAt: '2025-03-10T06:00:00Z',
    ...overrides,
  };
}

describe('下单缴费 rules', () => {
  it('offers only submitted applications with a fee that are in no order yet', () => {
    expect(isPayable(application())).toBe(true);
    expect(isPayable(application({ state: 'rejected' }))).toBe(false);
    expect(isPayable(application({ state: 'withdrawn' }))).toBe(false);
    expect(isPayable(application({ orderId: 'o' }))).toBe(false);
    expect(isPayable(application({ feeFen: 0 }))).toBe(false);
  });

  it('refuses applications of two enterprises (a person counts as one more)', () => {
    expect(selectionRefusal([application(), application()])).toBeNull();
    expect(selectionRefusal([application(), application({ enterpriseCreditCode: null })])).toBe(
      MIXED_ENTERPRISES_REASON,
    );
    expect(selectionRefusal([])).toBe('请选择要缴费的申请单');
  });

  it('always offers 对公转账; 在线支付 only when every application is a renewal', () => {
    const mixed = methodOptions([application(), renewal()]);
    expect(mixed.map((option) => [option.label, option.refusal === null])).toEqual([
      ['对公转账', true],
      ['在线支付', false],
    ]);
    expect(mixed[1]!.refusal).toContain('只能选择对公转账');
    expect(methodOptions([renewal(), renewal()]).every((option) => option.refusal === null)).toBe(true);
    expect(totalOf([application(), renewal()])).toBe(700_00);
  });

  it('fills the invoice from the enterprise and the mailing from the profile', () => {
    const profile = {
      name: '李四',
      phone: '13800000002',
      email: 'lisi@example.com',
      address: '',
      enterprise: {
        id: 'e',
        name: '福建省示例科技有限公司',
        creditCode: CODE,
        legalRepresentative: 'x',
        address: '福州市鼓楼区',
      },
    } as unknown as Profile;
    expect(orderDefaults(profile, [application()])).toEqual({
      paymentMethod: 'transfer',
      invoice: { title: '福建省示例科技有限公司', taxpayerNumber: CODE, email: 'lisi@example.com' },
      mailing: { address: '福州市鼓楼区', recipient: '李四', phone: '13800000002' },
      contactPhone: '13800000002',
    });
    // A personal certificate: the invoice is made out to the person, no taxpayer number guessed.
    const person = orderDefaults(profile, [application({ enterpriseCreditCode: null, values: {} })]);
    expect(person.invoice).toEqual({ title: '李四', taxpayerNumber: undefined, email: 'lisi@example.com' });
    expect(orderDefaults(null, []).mailing).toEqual({
      address: undefined,
      recipient: undefined,
      phone: undefined,
    });
  });
});

describe('订单管理 rules', () => {
  it('offers the slip for unpaid transfers, payment for unpaid online orders, the invoice once made', () => {
    expect(orderActions(order())).toEqual({ uploadSlip: true, payOnline: false, downloadInvoice: false });
    expect(orderActions(order({ state: 'slip_returned' })).uploadSlip).toBe(true);
    expect(orderActions(order({ state: 'paid', invoiceReady: true }))).toEqual({
      uploadSlip: false,
      payOnline: false,
      downloadInvoice: true,
    });
    expect(orderActions(order({ paymentMethod: 'online' }))).toEqual({
      uploadSlip: false,
      payOnline: true,
      downloadInvoice: false,
    });
  });

  it('names an order by its applications', () => {
    const a = application();
    const b = application();
    expect(orderSummary(order({ applicationIds: [a.id, b.id] }), [a, b])).toBe('企业证书新办 等 2 项');
    expect(orderSummary(order({ applicationIds: [a.id] }), [])).toBe('1 个申请单');
  });

  it('says what to post: stamped papers for a new certificate, the KEY for a renewal, each once', () => {
    expect(whatToPostFor(['cert.renew'])).toEqual(['需要续费的 USB KEY']);
    const both = whatToPostFor(['cert.new.enterprise', 'cert.new.enterprise', 'cert.renew']);
    expect(both[0]).toBe('打印的申请表（签字并加盖公章）');
    expect(both).toContain('营业执照扫描件的复印件（加盖公章）');
    expect(both.filter((item) => item === '打印的申请表（签字并加盖公章）')).toHaveLength(1);
    expect(both.at(-1)).toBe('需要续费的 USB KEY');
  });
});

describe('申请单号 and 订单号', () => {
  it('shows the number the server gave, and 待分配 for a record made locally that has none yet', () => {
    expect(displayNumber(order())).toBe('DD20250310-0001');
    expect(displayNumber(application())).toBe('SQ20250301-0001');
    expect(displayNumber({ number: null })).toBe('待分配');
    expect(displayNumber({})).toBe('待分配');
    expect(displayNumber({ number: '' })).toBe('待分配');
  });

  it('makes the 汇款备注 the 订单号, not the order id', () => {
    const placed = order();
    expect(remittanceNote(placed)).toBe('DD20250310-0001');
    expect(remittanceNote(placed)).not.toContain(placed.id);
    expect(remittanceNote({ number: null })).toBe('待分配');
  });

  it('formats kind, Beijing day and the day count (four digits, more when needed)', () => {
    expect(formatRecordNumber('DD', '20261202', 42)).toBe('DD20261202-0042');
    expect(formatRecordNumber('SQ', '20261202', 12345)).toBe('SQ20261202-12345');
    expect(RECORD_NUMBER_PATTERN.test('DD20261202-0042')).toBe(true);
    expect(RECORD_NUMBER_PATTERN.test(crypto.randomUUID())).toBe(false);
  });
});
