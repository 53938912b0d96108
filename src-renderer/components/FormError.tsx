import { Alert } from 'antd';
import { Link } from 'react-router';
import type { AppError } from '../../src-shared/errors';

interface Props {
  error: AppError | null;
  onClose?: () => void;
  /** Where 去登录 leads, with the account to pre-fill (a duplicate registration). */
  loginAccount?: string;
}

/** A refusal that names no field: the server's Chinese message, and a way on where there is one. */
export function FormError({ error, onClose, loginAccount }: Props) {
  if (!error) return null;
  const action = error.details?.offerLogin ? (
    <Link to="/login" state={{ account: loginAccount }}>
      去登录
    </Link>
  ) : undefined;
  return (
    <Alert
      className="form-error"
      type={error.code === 'BRIDGE' || error.code === 'NETWORK' ? 'warning' : 'error'}
      showIcon
      title={error.message}
      action={action}
      closable={onClose ? { onClose } : false}
    />
  );
}
