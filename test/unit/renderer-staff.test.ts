import { createElement, Fragment, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src-shared/schemas/application';
import { dispositionFileName } from '../../src-main/core/api/client';
import { dataUrlOf } from '../../src-renderer/files/files';
import {
  activeTab,
  issuanceLists,
  paymentLabel,
  quickMove,
  staffTabs,
} from '../../src-renderer/staff/staffDesk';
import { feedbackLabel, offlineMoveRefusal } from '../../src-renderer/staff/staffMoves';
import { stateColumn } from '../../src-renderer/staff/applicationColumns';
import { serviceCatalogue } from '../../src-shared/catalogue';
import { applicationRow } from './fixtures/application';

/** Accepted, with a request on the KEY, and its order paid: what 发证与寄送 works on. */
function application(patch: Partial<Application>): Application {
  return applicationRow({
    state: 'accepted',
    stateLabel: '申请受理中',
    enterpriseCreditCode: '91350100MA2Y0C3K1W',
    hasCsr: true,
    blankKey: false,
    orderId: 'o1',
    orderState: 'paid',
    version: 3,
    ...patch,
  });
}

describe('业务受理: the tabs a staff member sees', () => {
  it('one tab per desk role, in page order; an admin sees every desk; an applicant none', () => {
    expect(staffTabs(['reviewer'])).toEqual(['review']);
    expect(staffTabs(['issuer', 'finance'])).toEqual(['finance', 'issuance']);
    expect(staffTabs(['reviewer', 'finance', 'issuer'])).toEqual(['review', 'finance', 'issuance']);
    expect(staffTabs(['admin'])).toEqual(['review', 'finance', 'issuance']);
    expect(staffTabs(['applicant', 'enterprise_operator'])).toEqual([]);
  });

  it('?tab= opens a tab only when the person has it', () => {
    expect(activeTab('finance', ['review', 'finance'])).toBe('finance');
    expect(activeTab('finance', ['review'])).toBe('review');
    expect(activeTab(null, ['issuance'])).toBe('issuance');
    expect(activeTab('review', [])).toBeNull();
  });
});

describe('发证与寄送: the lists', () => {
  const paid = application({ id: 'paid' });
  const slipWaiting = application({ id: 'waiting', orderState: 'slip_submitted' });
  const notOrdered = application({ id: 'none', orderId: null, orderState: null });
  const ready = application({ id: 'ready', state: 'ready', stateLabel: '可领取' });

  it('paid → 待发证, not paid → 待缴费, 可领取 → 待寄出', () => {
    const lists = issuanceLists([paid, slipWaiting, notOrdered], [ready]);
    expect(lists.toIssue.map((item) => item.id)).toEqual(['paid']);
    expect(lists.unpaid.map((item) => item.id)).toEqual(['waiting', 'none']);
    expect(lists.toShip.map((item) => item.id)).toEqual(['ready']);
  });

  it('says how far the payment is', () => {
    expect(paymentLabel(slipWaiting)).toBe('待财务确认');
    expect(paymentLabel(notOrdered)).toBe('未下单');
    expect(paymentLabel(paid)).toBe('已缴费');
  });

  it('offers 发证 from the row only with a request to sign; a blank KEY goes through the drawer', () => {
    expect(quickMove('toIssue', paid)).toBe('issue');
    expect(quickMove('toIssue', application({ blankKey: true, hasCsr: false }))).toBeNull();
    expect(quickMove('unpaid', slipWaiting)).toBeNull();
    expect(quickMove('toShip', ready)).toBe('ship');
  });
});

describe('staff queue rows: the 状态 cell', () => {
  const column = stateColumn<Application>('状态', (item) => createElement('b', null, item.stateLabel));
  /** The cell's HTML as the table draws it for this row. */
  function cell(item: Application): string {
    const drawn = column.render?.(undefined, item, 0) as ReactNode;
    return renderToStaticMarkup(createElement(Fragment, null, drawn));
  }

  it('marks a row changed on this computer 待同步 and one the server sent back 有冲突, beside the state', () => {
    const pending = cell({ ...application({}), sync: 'pending' } as Application);
    expect(pending).toContain('<b>申请受理中</b>');
    expect(pending).toContain('data-sync="pending"');
    expect(pending).toContain('待同步');
    const conflict = cell({ ...application({}), sync: 'conflict' } as Application);
    expect(conflict).toContain('data-sync="conflict"');
    expect(conflict).toContain('有冲突');
  });

  it('shows the state alone for a record as the server has it', () => {
    expect(cell({ ...application({}), sync: 'synced' } as Application)).toBe(
      '<span class="state-cell"><b>申请受理中</b></span>',
    );
    expect(cell(application({}))).toBe('<span class="state-cell"><b>申请受理中</b></span>');
  });
});

describe('the move dialog', () => {
  it('asks for 审核意见 on a review and a 备注 on 寄出', () => {
    expect(feedbackLabel(['feedback'])).toBe('审核意见');
    expect(feedbackLabel([])).toBe('审核意见');
    expect(feedbackLabel(['trackingNumber'])).toBe('备注');
  });
});

describe('files from the API', () => {
  it('reads the Chinese name of a download, RFC 5987 or plain', () => {
    const encoded = `attachment; filename*=UTF-8''${encodeURIComponent('汇款底单.png')}`;
    expect(dispositionFileName(encoded)).toBe('汇款底单.png');
    expect(dispositionFileName('attachment; filename="slip.pdf"')).toBe('slip.pdf');
    expect(dispositionFileName("attachment; filename*=UTF-8''%E0%A4%A")).toBeNull();
    expect(dispositionFileName(undefined)).toBeNull();
  });

  it('shows an image as a data: URL of its kind', () => {
    expect(dataUrlOf({ kind: 'jpeg', contentBase64: 'AAA=' })).toBe('data:image/jpeg;base64,AAA=');
  });
});

describe('the review drawer offline', () => {
  const service = serviceCatalogue['cert.new.enterprise'];
  const move = (name: string) => service.machine.transitions.find((transition) => transition.name === name)!;

  it('keeps 受理 / 审核不通过 / 寄出 for later; 发证 waits for the network and says why', () => {
    for (const name of ['accept', 'reject', 'ship']) expect(offlineMoveRefusal(move(name), true)).toBeNull();
    expect(offlineMoveRefusal(move('issue'), false)).toBeNull();
    expect(offlineMoveRefusal(move('issue'), true)).toBe('发证需要证书服务中心签发证书，请联网后再发证');
  });
});
