import { Alert } from 'antd';
import { useBridgeStatus } from '../session/useConnectivity';
import { BRIDGE_LOST_MESSAGE } from '../bridge/wsBridge';

/** Shown while the page has lost its connection to the desktop services (start:web only). */
export function BridgeBanner() {
  const status = useBridgeStatus();
  if (status !== 'closed') return null;
  return <Alert className="bridge-banner" type="warning" banner title={BRIDGE_LOST_MESSAGE} />;
}
