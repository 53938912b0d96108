import { useEffect } from 'react';
import { App } from 'antd';
import { ipc } from '../bridge';

/** Tells the person when the KEY service restarted after a driver crash (or was given up on). */
export function KeyServiceNotice() {
  const { message } = App.useApp();
  useEffect(
    () =>
      ipc.on('key.service', (event) => {
        if (event.state === 'restarted') void message.warning(event.message);
        else void message.error({ content: event.message, duration: 10 });
      }),
    [message],
  );
  return null;
}
