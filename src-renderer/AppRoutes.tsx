import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { useSession } from './session/SessionProvider';
import { PublicLayout } from './layouts/PublicLayout';
import { AppLayout } from './layouts/AppLayout';

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
const StaffPage = lazy(() => import('./staff/StaffPage'));

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user) return <Navigate to="/login" replace />;
  return children;
}

function RequireSignedOut({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user) return <Navigate to="/business" replace />;
  return children;
}

export function AppRoutes() {
  const { load, reload } = useSession();
  if (load.state === 'loading') return <Spin fullscreen description="正在连接桌面服务…" />;
  if (load.state === 'failed') {
    return (
      <Result
        status="warning"
        title="无法连接桌面服务"
        subTitle={load.error.message}
        extra={
          <Button type="primary" onClick={reload}>
            重试
          </Button>
        }
      />
    );
  }
  return (
    <Routes>
      <Route
        element={
          <RequireSignedOut>
            <PublicLayout />
          </RequireSignedOut>
        }
      >
        <Route path="/login" element={<LoginPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Route>
      <Route
        element={
          <RequireSignedIn>
            <AppLayout />
          </RequireSignedIn>
        }
      >
        <Route path="/business" element={<BusinessPage />} />
        <Route path="/business/:code" element={<ServiceApplyPage />} />
        <Route path="/certificates" element={<CertificatesPage />} />
        <Route path="/applications" element={<ApplicationsPage />} />
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/orders/new" element={<PlaceOrderPage />} />
        <Route path="/staff" element={<StaffPage />} />
        <Route path="/account/profile" element={<ProfilePage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/business" replace />} />
    </Routes>
  );
}
