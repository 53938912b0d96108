import { getService, stateLabel, type ServiceDef, type TransitionDef } from '../../src-shared/catalogue';
import {
  applicationDetailSchema,
  applicationTransitionInput,
  type ApplicationDetail,
  type ApplicationTransitionInput,
} from '../../src-shared/schemas/application';
import {
  localSyncStateSchema,
  type LocalSyncState,
  type SyncQueueItem,
  type SyncStatus,
} from '../../src-shared/schemas/desktopSync';

/** What the header says of the sync, besides 在线 / 离线. */
export interface SyncHeaderParts {
  pendingText: string | null;
  rejectedText: string | null;
  /** Tooltip: the last good sync and the last failure. */
  detail: string;
}

export function formatSyncTime(iso: string | null): string {
  if (iso === null) return '尚未同步';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function syncHeaderParts(status: SyncStatus): SyncHeaderParts {
  const lines = [`上次同步：${formatSyncTime(status.lastSyncAt)}`];
  if (status.syncing) lines.push('正在同步…');
  if (!status.caughtUp) lines.push(`首次同步中，已接收 ${status.pulled} 条记录`);
  if (status.lastError) lines.push(`同步失败：${status.lastError}`);
  return {
    pendingText: status.pending > 0 ? `${status.pending} 项待同步` : null,
    rejectedText: status.rejected > 0 ? `${status.rejected} 项被退回` : null,
    detail: lines.join('\n'),
  };
}

/** Why 立即同步 cannot run now, or null when it can. */
export function syncNowBlocked(status: SyncStatus | null, bridgeOnline: boolean | null): string | null {
  if (bridgeOnline === false || status?.online === false)
    return '当前离线，无法连接证书服务中心，联网后会自动同步';
  if (status?.syncing) return '正在同步…';
  return null;
}

/** The mark on a kept record, or null for a record as the server has it. */
export function localSyncLabel(sync: LocalSyncState | undefined): { label: string; color: string } | null {
  if (sync === 'pending') return { label: '待同步', color: 'processing' };
  if (sync === 'conflict') return { label: '有冲突', color: 'error' };
  return null;
}

/** The sync mark a read channel added to a record (lists and details type it as the plain record). */
export function syncOf(record: object): LocalSyncState | undefined {
  const parsed = localSyncStateSchema.safeParse((record as { sync?: unknown }).sync);
  return parsed.success ? parsed.data : undefined;
}

export function queueStatusLabel(item: SyncQueueItem): string {
  return item.status === 'rejected' ? '被退回' : '待同步';
}

/** Field names the user may meet in 我的版本 / 服务器版本, in Chinese; others show as they are. */
const KEY_LABELS: Record<string, string> = {
  id: '编号',
  applicationId: '申请单',
  applicationIds: '申请单',
  orderId: '订单',
  service: '业务',
  serviceName: '业务名称',
  state: '状态',
  stateLabel: '状态',
  values: '申请信息',
  attachments: '附件',
  version: '版本',
  name: '姓名',
  phone: '手机号',
  email: '电子邮箱',
  address: '地址',
  paymentMethod: '缴费方式',
  amountFen: '金额（分）',
  invoice: '发票',
  mailing: '邮寄信息',
  contactPhone: '联系电话',
  title: '抬头',
  taxpayerNumber: '纳税人识别号',
  enterpriseCreditCode: '统一社会信用代码',
  applicantName: '申请人',
  feeFen: '费用（分）',
  reason: '原因',
  comment: '意见',
  move: '操作',
  submittedAt: '提交时间',
  createdAt: '创建时间',
  updatedAt: '更新时间',
};

export interface VersionRow {
  key: string;
  label: string;
  text: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(textOf).join('、');
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([k, v]) => `${KEY_LABELS[k] ?? k}：${textOf(v)}`);
    return parts.length === 0 ? '—' : parts.join('；');
  }
  return JSON.stringify(value);
}

/** The form's field labels of the service an application mutation is about (either version names it). */
export function fieldLabelsOf(item: Pick<SyncQueueItem, 'mine' | 'server'>): Record<string, string> {
  const code = [item.mine, item.server]
    .map((version) => (isPlainObject(version) ? version.service : undefined))
    .find((service): service is string => typeof service === 'string');
  const def = code === undefined ? undefined : getService(code);
  return Object.fromEntries((def?.fields ?? []).map((field) => [field.key, field.label]));
}

/**
 * A version (the args as entered, or the server's record) as readable rows: one per field, nested
 * objects one level down flattened as 「申请信息 · 企业地址」 (the form's labels in `fieldLabels`),
 * deeper ones as text.
 */
export function versionRows(value: unknown, fieldLabels: Record<string, string> = {}): VersionRow[] {
  if (!isPlainObject(value))
    return value === null || value === undefined ? [] : [{ key: '', label: '内容', text: textOf(value) }];
  const rows: VersionRow[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const label = KEY_LABELS[key] ?? key;
    if (isPlainObject(inner) && Object.keys(inner).length > 0) {
      for (const [innerKey, innerValue] of Object.entries(inner)) {
        rows.push({
          key: `${key}.${innerKey}`,
          label: `${label} · ${fieldLabels[innerKey] ?? KEY_LABELS[innerKey] ?? innerKey}`,
          text: textOf(innerValue),
        });
      }
    } else {
      rows.push({ key, label, text: textOf(inner) });
    }
  }
  return rows;
}

/** The fields whose text differs between the two versions (marked on the page). */
export function differingKeys(mine: VersionRow[], server: VersionRow[]): Set<string> {
  const serverText = new Map(server.map((row) => [row.key, row.text]));
  return new Set(
    mine
      .filter((row) => serverText.has(row.key) && serverText.get(row.key) !== row.text)
      .map((row) => row.key),
  );
}

/**
 * A refused application move read from its queue row: the move's arguments, the server's copy (null
 * when it has none or it does not parse), its service and the catalogue's move; null for any other
 * mutation.
 */
function refusedMove(item: Pick<SyncQueueItem, 'name' | 'mine' | 'server'>): {
  args: ApplicationTransitionInput;
  server: ApplicationDetail | null;
  service: ServiceDef | undefined;
  move: TransitionDef | undefined;
} | null {
  if (item.name !== 'application.transition') return null;
  const args = applicationTransitionInput.safeParse(item.mine);
  if (!args.success) return null;
  const parsed = applicationDetailSchema.safeParse(item.server);
  const server = parsed.success ? parsed.data : null;
  const service = server ? getService(server.service) : undefined;
  const move = service?.machine.transitions.find((transition) => transition.name === args.data.name);
  return { args: args.data, server, service, move };
}

/**
 * 我的版本 / 服务器版本 of a refused move at the counter (受理, 审核不通过, 寄出 …), or null for any other
 * mutation: the state the move leads to and the move beside the state the server has and its last move,
 * rather than the move's raw arguments (id, name, version) beside every column of the record.
 */
export function transitionVersions(
  item: Pick<SyncQueueItem, 'name' | 'mine' | 'server'>,
): { mine: VersionRow[]; server: VersionRow[] } | null {
  const refused = refusedMove(item);
  if (!refused) return null;
  const { args, server, service, move } = refused;
  const mine: VersionRow[] = [
    { key: 'state', label: '状态', text: move && service ? stateLabel(service, move.to) : '—' },
    { key: 'move', label: '办理', text: move?.label ?? args.name },
  ];
  if (args.feedback) mine.push({ key: 'feedback', label: '审核意见', text: args.feedback });
  if (args.trackingNumber) mine.push({ key: 'trackingNumber', label: '快递单号', text: args.trackingNumber });
  if (!server) return { mine, server: [] };
  const last = server.timeline.at(-1);
  const rows: VersionRow[] = [
    { key: 'state', label: '状态', text: server.stateLabel },
    { key: 'move', label: '办理', text: last?.label ?? '—' },
    { key: 'actor', label: '办理人', text: last?.actor.name ?? '—' },
    { key: 'at', label: '办理时间', text: last ? formatSyncTime(last.at) : '—' },
  ];
  if (last?.feedback) rows.push({ key: 'feedback', label: '审核意见', text: last.feedback });
  if (server.trackingNumber)
    rows.push({ key: 'trackingNumber', label: '快递单号', text: server.trackingNumber });
  return { mine, server: rows };
}

/**
 * Why 再次提交 cannot help a refused move, or null: the server's copy is in a state the move does not
 * start from (another staff member decided it first), so the same move would only be refused again.
 */
export function resubmitBlocked(item: Pick<SyncQueueItem, 'name' | 'mine' | 'server'>): string | null {
  const refused = refusedMove(item);
  if (!refused?.server || !refused.move || refused.move.from.includes(refused.server.state)) return null;
  return `服务器上的申请单已是「${refused.server.stateLabel}」，不能再${refused.move.label}，请放弃本机的修改`;
}
