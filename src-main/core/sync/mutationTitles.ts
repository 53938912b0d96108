import { getService } from '../../../src-shared/catalogue';
import type { MutationName } from '../../../src-shared/schemas/sync';
import type { RecordJson } from './localEffects';

/** What a queued mutation does, in Chinese, for the 同步 page (提交申请「…」, 受理「…」 …). */

/** When the kept record names no service: the moves' usual labels. */
const TRANSITION_TITLES: Record<string, string> = {
  withdraw: '撤回申请',
  resubmit: '重新提交申请',
  accept: '受理',
  reject: '审核不通过',
  ship: '寄出',
};

/** The move's label in the record's service (the button the user pressed), else the usual one. */
function moveLabel(move: string, record: RecordJson | null): string | null {
  const service = getService(field(record, 'service') ?? '');
  const label = service?.machine.transitions.find((transition) => transition.name === move)?.label;
  return label ?? TRANSITION_TITLES[move] ?? null;
}

function field(record: RecordJson | null, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function applicationName(record: RecordJson | null): string {
  const label = field(record, 'number') ?? field(record, 'serviceName') ?? field(record, 'service');
  return label === null ? '' : `「${label}」`;
}

export function mutationTitle(name: MutationName, args: unknown, record: RecordJson | null): string {
  const argsOf = (typeof args === 'object' && args !== null ? args : {}) as RecordJson;
  switch (name) {
    case 'application.submit':
      return `提交申请${applicationName(record)}`;
    case 'application.edit':
      return `修改申请${applicationName(record)}`;
    case 'application.delete':
      return `删除申请${applicationName(record)}`;
    case 'application.transition': {
      const move = field(argsOf, 'name') ?? '';
      return `${moveLabel(move, record) ?? `办理「${move}」`}${applicationName(record)}`;
    }
    case 'order.create':
      return '下单缴费';
    case 'order.attachSlip':
      return `上传汇款底单${field(record, 'number') ? ` ${field(record, 'number')}` : ''}`;
    case 'order.returnSlip':
      return `退回汇款底单${field(record, 'number') ? ` ${field(record, 'number')}` : ''}`;
    case 'profile.update':
      return '修改个人资料';
    case 'notification.markRead':
      return `标记消息已读${field(record, 'title') ? `「${field(record, 'title')}」` : ''}`;
  }
}
