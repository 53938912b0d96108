import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { useSession } from './session/SessionProvider';
import { PublicLayout } from './layouts/PublicLayout';
import { AppLayout } from './layouts/AppLayout';
import { useSettings } from './settings/SettingsProvider';
import { needsFirstRun } from './settings/settingsView';

const LoginPage = lazy(() => import('./account/LoginPage'));
const RegisterPage = lazy(() => import('./account/RegisterPage'));
const ForgotPasswordPage = lazy(() => import('./account/ForgotPasswordPage'));
const ProfilePage = lazy(() => import('./account/ProfilePage'));
const ChangePasswordPage = lazy(() => import('./account/ChangePasswordPage'));
const BusinessPage = lazy(() => import('./areas/BusinessPage'));
const ServiceApplyPage = lazy(() => import('./services/ServiceApplyPage'));
const CertificatesPage = lazy(() => import('./areas/CertificatesPage'));
const ApplicationsPage = lazy(() => import('./areas/ApplicationsPage'));
const OrdersPage = lazy(() => import('./areas/OrdersPage'));
const PlaceOrderPage = lazy(() => import('./orders/PlaceOrderPage'));
const SyncPage = lazy(() => import('./sync/SyncPage'));
const StaffPage = lazy(() => import('./staff/StaffPage'));
const SettingsPage = lazy(() => import('./settings/SettingsPage'));
const FirstRunPage = lazy(() => import('./settings/FirstRunPage'));

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user) return <Navigate to="/login" replace />;
  return children;
}

/** Every page but 设置 waits for a 服务地址: without one, the first-run page asks for it. */
function RequireApiUrl({ children }: { children: ReactNode }) {
  const { load } = useSettings();
  if (load.state === 'ready' && needsFirstRun(load.settings)) return <Navigate to="/first-run" replace />;
  return children;
}

/** 设置 is reachable signed in (in the shell) and signed out (from the login page). */
function EitherLayout() {
  const { user } = useSession();
  return user ? <AppLayout /> : <PublicLayout />;
}

function RequireSignedOut({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user) return <Navigate to="/business" replace />;
  return children;
}

export function AppRoutes() {
  const session = useSession();
  const settings = useSettings();
  if (session.load.state === 'loading' || settings.load.state === 'loading') {
    return <Spin fullscreen description="正在连接桌面服务…" />;
  }
  const failed = [session.load, settings.load].find((load) => load.state === 'failed');
  if (failed) {
    return (
      <Result
        status="warning"
        title="无法连接桌面服务"
        subTitle={failed.error.message}
        extra={
          <Button
            type="primary"
            onClick={() => {
              if (session.load.state === 'failed') session.reload();
              if (settings.load.state === 'failed') settings.reload();
            }}
          >
            重试
          </Button>
        }
      />
    );
  }
  return (
    <Routes>
      <Route element={<EitherLayout />}>
        <Route path="/settings" element={<SettingsPage />} />
      </Route>
      <Route
        element={
          <RequireSignedOut>
            <PublicLayout />
          </RequireSignedOut>
        }
      >
        <Route path="/first-run" element={<FirstRunPage />} />
      </Route>
      <Route
        element={
          <RequireApiUrl>
            <RequireSignedOut>
              <PublicLayout />
            </RequireSignedOut>
          </RequireApiUrl>
        }
      >
        <Route path="/login" element={<LoginPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Route>
      <Route
        element={
          <RequireApiUrl>
            <RequireSignedIn>
              <AppLayout />
            </RequireSignedIn>
          </RequireApiUrl>
        }
      >
        <Route path="/business" element={<BusinessPage />} />
        <Route path="/business/:code" element={<ServiceApplyPage />} />
        <Route path="/certificates" element={<CertificatesPage />} />
        <Route path="/applications" element={<ApplicationsPage />} />
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/orders/new" element={<PlaceOrderPage />} />
        <Route path="/sync" element={<SyncPage />} />
        <Route path="/staff" element={<StaffPage />} />
        <Route path="/account/profile" element={<ProfilePage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/business" replace />} />
    </Routes>
  );
}
