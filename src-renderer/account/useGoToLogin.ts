import { useNavigate } from 'react-router';
import type { PublicPageState } from './publicPageState';

/** After a registration or a password reset: the login page, saying so, with the account filled in. */
export function useGoToLogin(notice: string): (account: string) => void {
  const navigate = useNavigate();
  return (account) => {
    navigate('/login', { state: { account, notice } satisfies PublicPageState });
  };
}
