import { Alert, Button } from 'antd';
import { formatTime } from '../applications/applicationView';

interface Props {
  /** A read channel's answer; nothing shows unless it is the copy kept on this computer. */
  kept: { fromCache: boolean; cachedAt: string | null } | null;
  /** What is shown: 订单, 申请单, 资料, 列表… */
  what: string;
  /** Said after, in the title: what waits for the network. */
  then?: string;
  description?: string;
  onReload?: () => void;
}

/** The offline banner: what is shown is the copy kept on this computer, since when, and what waits. */
export function KeptCopyAlert({ kept, what, then, description, onReload }: Props) {
  if (!kept?.fromCache) return null;
  const since = kept.cachedAt ? ` ${formatTime(kept.cachedAt)} ` : '';
  return (
    <Alert
      className="page-alert"
      type="warning"
      showIcon
      title={`离线：显示的是${since}保存在本机的${what}${then ? `，${then}` : ''}`}
      description={description}
      action={onReload && <Button onClick={onReload}>重新加载</Button>}
    />
  );
}
