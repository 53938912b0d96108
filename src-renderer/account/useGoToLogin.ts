import { useNavigate } from 'react-router';
import { App } from 'antd';
import type { PublicPageState } from './publicPageState';

/** After a registration or a password reset: say so, and open the login page with the account filled in. */
export function useGoToLogin(notice: string): (account: string) => void {
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (account) => {
    message.success(notice);
    navigate('/login', { state: { account, notice } satisfies PublicPageState });
  };
}
