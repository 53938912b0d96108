import { ORDER_INVOICE_PATH, routePath, type ApiInput } from '../../src-shared/api/routes';
import type { CreateOrderRequest, OrderResult, OrdersResult, PdfFile } from '../../src-shared/ipc/contract';
import { orderSchema, type Order, type PaymentStarted } from '../../src-shared/schemas/order';
import type { ApiClient } from './api/client';
import type { SessionService } from './session';
import { myRecords } from './myRecords';
import type { RecordCache } from './store/recordCache';

/**
 * 下单缴费 and 订单管理 for the desktop: placing an order (its client-made id is the idempotency key,
 * so a double click or a retry never makes two), my orders kept on this computer for reading offline,
 * the 汇款底单, online payment and the e-invoice.
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
  /** Drops what the account kept on this computer (logout). */
  forget(userId: string): void;
}

export function createOrderService(deps: {
  api: ApiClient;
  session: SessionService;
  cache: RecordCache;
  /** The API's base URL, read on every call. */
  apiUrl: () => string;
}): OrderService {
  const { api, session } = deps;
  const mine = myRecords(session, deps.cache, {
    listKind: 'orders',
    detailsKind: 'orderDetails',
    row: orderSchema,
    detail: orderSchema,
    rowOf: (order) => order,
    ownerOf: (order) => order.ownerId,
  });

  return {
    create: (input) => mine.change(() => api.call('orders.create', input, { idempotencyKey: input.id })),
    list: () => mine.list(async () => (await api.call('orders.listMine', {})).items),
    async get(id) {
      const { detail, ...from } = await mine.detail(id, () => api.call('orders.get', { id }));
      return { order: detail, ...from };
    },
    attachSlip: (input) => mine.change(() => api.call('orders.attachSlip', input)),
    async startPayment(id) {
      session.requireUser();
      const started = await api.call('orders.startPayment', { id });
      return { ...started, payUrl: new URL(started.payUrl, `${deps.apiUrl().replace(/\/+$/, '')}/`).href };
    },
    async invoice(id) {
      session.requireUser();
      const file = await api.download(routePath(ORDER_INVOICE_PATH, { id }));
      return { fileName: file.fileName ?? `电子发票-${id}.pdf`, pdfBase64: file.bytes.toString('base64') };
    },
    forget: (userId) => mine.forget(userId),
  };
}
