import { App as AntApp, ConfigProvider } from 'antd';
// 'antd/locale/zh_CN' arrives wrapped in `{ default }` under Vite 8 and silently yields English.
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { HashRouter } from 'react-router';
import { SessionProvider } from './session/SessionProvider';
import { SettingsProvider } from './settings/SettingsProvider';
import { KeyServiceNotice } from './key/KeyServiceNotice';
import { AppRoutes } from './AppRoutes';
import { theme } from './theme';

dayjs.locale('zh-cn');

/** Providers every screen relies on: Chinese antd, message/modal hooks, the session, 设置, the router. */
export function Root() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <KeyServiceNotice />
        <SessionProvider>
          <SettingsProvider>
            <HashRouter>
              <AppRoutes />
            </HashRouter>
          </SettingsProvider>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
