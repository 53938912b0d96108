import { Alert, Button } from 'antd';
import type { AppError } from '../../src-shared/errors';

/** Why a page's data could not be loaded, with 重试. */
export function LoadFailedAlert({ error, onRetry }: { error: AppError; onRetry: () => void }) {
  return (
    <Alert
      className="page-alert"
      type="error"
      showIcon
      title={error.message}
      action={<Button onClick={onRetry}>重试</Button>}
    />
  );
}
