import { Tag, Tooltip } from 'antd';
import type { LocalSyncState } from '../../src-shared/schemas/desktopSync';
import { localSyncLabel, syncOf } from './syncView';

const HINTS: Record<'pending' | 'conflict', string> = {
  pending: '在本机修改，尚未提交到证书服务中心，联网后自动同步',
  conflict: '证书服务中心退回了本机的修改，请到「同步」页面处理',
};

/** 待同步 / 有冲突 on a record kept on this computer; nothing for a synced one. */
export function LocalSyncTag({ record }: { record: object }) {
  const sync: LocalSyncState | undefined = syncOf(record);
  const shown = localSyncLabel(sync);
  if (!shown || (sync !== 'pending' && sync !== 'conflict')) return null;
  return (
    <Tooltip title={HINTS[sync]}>
      <Tag color={shown.color} data-sync={sync}>
        {shown.label}
      </Tag>
    </Tooltip>
  );
}
