import { displayNumber } from '../recordNumbers';

/**
 * The centre's own details printed on the 回执 and shown after ordering: the account a bank transfer
 * goes to and the address paper documents (or the KEY) are posted to.
 *
 * 演示数据: invented for the demo and tests — no real bank account or address. A deployment replaces
 * these values (one place) before going live.
 */
export const CENTRE_DETAILS = {
  demo: true,
  name: 'certdesk 证书服务中心',
  payee: {
    accountName: 'certdesk 证书服务中心（演示）',
    bank: '演示银行福州五四路支行',
    accountNumber: '6222 0000 0000 0000 000',
  },
  postal: {
    address: '福建省福州市鼓楼区示例路 1 号 证书服务中心收件窗口（演示地址）',
    postalCode: '350001',
    recipient: '证书受理组',
    phone: '0591-00000000',
  },
} as const;

export const DEMO_NOTICE = '以上收款账户与收件地址为演示数据，请勿实际汇款或寄件';

export const REMITTANCE_NOTE_HINT = '请在汇款备注中填写订单号';

/**
 * What the payer types into the bank transfer remark: the short 订单号 (DD20261202-0042), never the
 * order's id. An order made offline has no number until it is synced: it says 待分配.
 */
export function remittanceNote(order: { number?: string | null }): string {
  return displayNumber(order);
}
