import { ORDER_INVOICE_PATH, routePath, type ApiInput } from '../../src-shared/api/routes';
import type { CreateOrderRequest, OrderResult, OrdersResult, PdfFile } from '../../src-shared/ipc/contract';
import { AppError } from '../../src-shared/errors';
import { orderSchema, type Order, type PaymentStarted } from '../../src-shared/schemas/order';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import type { SyncService } from './sync';
import { keptReads } from './sync/keptReads';

const NOT_FOUND = '订单不存在';
const PAYMENT_NEEDS_SERVER = '在线支付需要连接服务器，当前无法连接，请联网后再支付';
const INVOICE_NEEDS_SERVER = '下载电子发票需要连接服务器，当前无法连接，请联网后再下载';

/**
 * 下单缴费 and 订单管理 for the desktop: placing an order (its client-made id is the idempotency key,
 * so a double click or a retry never makes two), my orders kept on this computer for reading offline,
 * the 汇款底单 — these writes through the sync outbox — and, online only, payment and the e-invoice.
 */
export interface OrderService {
  create(input: CreateOrderRequest): Promise<Order>;
  /** Mine, newest first: from the API, or the copy kept here when it cannot be reached. */
  list(): Promise<OrdersResult>;
  get(id: string): Promise<OrderResult>;
  attachSlip(input: ApiInput<'orders.attachSlip'>): Promise<Order>;
  /** The payment's page as an absolute URL (the API's base for the sandbox's path). */
  startPayment(id: string): Promise<PaymentStarted>;
  invoice(id: string): Promise<PdfFile>;
}

export function createOrderService(deps: {
  api: ApiClient;
  session: SessionService;
  sync: SyncService;
  online: () => boolean;
  /** The API's base URL, read on every call. */
  apiUrl: () => string;
}): OrderService {
  const { api, session, sync } = deps;
  const reads = keptReads(sync, 'order', orderSchema, NOT_FOUND);

  async function written(record: Parameters<typeof reads.now>[0], id: string): Promise<Order> {
    const kept = reads.now(record);
    if (!kept) return api.call('orders.get', { id });
    const { sync: _sync, ...order } = kept;
    return order;
  }

  return {
    async create(input) {
      const user = session.requireUser();
      const already = sync.kept('order', input.id);
      if (already && already.json.ownerId === user.id) return written(already, input.id);
      return written(await sync.write('order.create', input), input.id);
    },
    async list() {
      const user = session.requireUser();
      return reads.list((order) => order.ownerId === user.id);
    },
    async get(id) {
      const { record, ...from } = await reads.get(id, () => api.call('orders.get', { id }));
      return { order: record, ...from };
    },
    attachSlip: async (input) => written(await sync.write('order.attachSlip', input), input.id),
    async startPayment(id) {
      session.requireUser();
      if (!deps.online()) throw new AppError('NETWORK', PAYMENT_NEEDS_SERVER);
      const started = await api.call('orders.startPayment', { id });
      return { ...started, payUrl: new URL(started.payUrl, `${deps.apiUrl().replace(/\/+$/, '')}/`).href };
    },
    async invoice(id) {
      session.requireUser();
      if (!deps.online()) throw new AppError('NETWORK', INVOICE_NEEDS_SERVER);
      const file = await api.download(routePath(ORDER_INVOICE_PATH, { id }));
      return { fileName: file.fileName ?? `电子发票-${id}.pdf`, pdfBase64: file.bytes.toString('base64') };
    },
  };
}
