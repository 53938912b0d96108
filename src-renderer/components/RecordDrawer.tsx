import type { ReactNode } from 'react';
import { Button, Drawer, Result, Skeleton } from 'antd';
import type { AppError } from '../../src-shared/errors';

interface Props {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  testId: string;
  size?: number;
  /** The record could not be read: this, with 重新加载, stands instead of the body. */
  failed?: { title: string; error: AppError | null; onReload: () => void };
  /** The record's body; null while it loads (a skeleton stands there). */
  children: ReactNode;
}

/** A drawer showing one record (an application, an order) as it loads, fails or is there. */
export function RecordDrawer({ open, onClose, title, testId, size = 640, failed, children }: Props) {
  function body() {
    if (failed?.error) {
      return (
        <Result
          status="warning"
          title={failed.title}
          subTitle={failed.error.message}
          extra={<Button onClick={failed.onReload}>重新加载</Button>}
        />
      );
    }
    return children ?? <Skeleton active paragraph={{ rows: 8 }} />;
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={title}
      // At the far right: a toast (top centre) would cover it at the title's start.
      closable={{ placement: 'end' }}
      data-testid={testId}
      destroyOnHidden
    >
      {open && body()}
    </Drawer>
  );
}
