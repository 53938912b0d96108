import type { ReactNode } from 'react';
import { Button, Card } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { AppError } from '../../src-shared/errors';
import { LoadFailedAlert } from './LoadFailedAlert';

interface Props {
  /** The filters, left in the card's head. */
  filters: ReactNode;
  error: AppError | null;
  loading: boolean;
  onReload: () => void;
  /** The table. */
  children: ReactNode;
}

/** A work queue: why it could not load (with 重试), its filters, 刷新, and the table. */
export function QueueCard({ filters, error, loading, onReload, children }: Props) {
  return (
    <>
      {error && <LoadFailedAlert error={error} onRetry={onReload} />}
      <Card
        title={filters}
        extra={
          <Button icon={<ReloadOutlined />} onClick={onReload} loading={loading}>
            刷新
          </Button>
        }
      >
        {children}
      </Card>
    </>
  );
}
