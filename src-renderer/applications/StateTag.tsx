import { Tag } from 'antd';
import { getService, stateOf } from '../../src-shared/catalogue';

/** An application's state as its service's machine names and colours it. */
export function StateTag({ service, state }: { service: string; state: string }) {
  const def = getService(service);
  const found = def ? stateOf(def, state) : undefined;
  return (
    <Tag color={found?.tone ?? 'default'} data-state={state}>
      {found?.label ?? state}
    </Tag>
  );
}
