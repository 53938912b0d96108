import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { App, Badge, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { HookAPI } from 'antd/es/modal/useModal';
import { CloudServerOutlined, FolderOpenOutlined, GlobalOutlined, UsbOutlined } from '@ant-design/icons';
import {
  apiUrlField,
  SERVER_CHANGED_NOTICE,
  settingsUpdateInput,
  type Settings,
  type SettingsUpdateResult,
} from '../../src-shared/schemas/settings';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { asAppError } from '../forms/appError';
import { checkWith } from '../forms/checkWith';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import type { PublicPageState } from '../account/publicPageState';
import { useSession } from '../session/SessionProvider';
import { useApiOnline } from '../session/useConnectivity';
import { useLoadedSettings, useSettings } from './SettingsProvider';
import {
  apiUrlOptional,
  apiUrlSourceText,
  changesServer,
  driverOptions,
  formValuesOf,
  isEmptyUpdate,
  needsSignOutConfirm,
  NO_FILE_DIALOG_HINT,
  SIGN_OUT_CONFIRM,
  updateRequestOf,
  type DriverOption,
  type SettingsFormValues,
} from './settingsView';

type Outcome = 'unchanged' | 'cancelled' | { result: SettingsUpdateResult; serverChanged: boolean };

function confirmSignOut(modal: HookAPI): Promise<boolean> {
  return new Promise((resolve) => {
    modal.confirm({
      ...SIGN_OUT_CONFIRM,
      cancelText: '取消',
      okButtonProps: { danger: true },
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}

/** A part of the form: a card in the signed-in shell, a heading inside the public page's card. */
function Section(props: { title: string; icon: ReactNode; framed: boolean | 'bare'; children: ReactNode }) {
  if (props.framed === 'bare') return props.children;
  const title = (
    <Space>
      {props.icon}
      {props.title}
    </Space>
  );
  if (props.framed) {
    return (
      <Card className="settings-section" title={title}>
        {props.children}
      </Card>
    );
  }
  return (
    <>
      <Typography.Title level={5} className="settings-section-title">
        {title}
      </Typography.Title>
      {props.children}
    </>
  );
}

function DriverLabel({ option }: { option: DriverOption }) {
  return (
    <Space size={4} className="driver-option" title={option.label}>
      <span>{option.label}</span>
      {option.installed === true && <Tag color="success">本机已安装</Tag>}
      {option.installed === false && <Tag>本机未安装</Tag>}
      {option.unverified && <Tag color="warning">未经实测</Tag>}
    </Space>
  );
}

function ApiUrlHelp({ settings }: { settings: Settings }) {
  const online = useApiOnline();
  return (
    <Space orientation="vertical" size={0}>
      <span>{apiUrlSourceText(settings)}</span>
      {settings.apiUrl !== null && online !== null && (
        <Badge
          status={online ? 'success' : 'default'}
          text={online ? '当前服务可以连接' : '当前服务暂时无法连接'}
          className="settings-online"
        />
      )}
    </Space>
  );
}

interface Props {
  /** first-run: only 服务地址, before anything else works. */
  mode: 'settings' | 'first-run';
  /** In the signed-in shell (cards) or inside the public page's card (headings). */
  framed: boolean;
}

/** 服务地址 and KEY 驱动, saved together through settings.update. */
export function SettingsForm({ mode, framed }: Props) {
  const settings = useLoadedSettings();
  const { saved } = useSettings();
  const { user, ended } = useSession();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<SettingsFormValues>();
  const [picking, setPicking] = useState(false);

  const submit = useFormSubmit<SettingsFormValues, Outcome>(
    form,
    async (values) => {
      const input = checkWith(settingsUpdateInput, updateRequestOf(settings, values));
      if (isEmptyUpdate(input)) return 'unchanged';
      if (needsSignOutConfirm(settings, input, user !== null) && !(await confirmSignOut(modal))) {
        return 'cancelled';
      }
      const result = await ipc.invoke('settings.update', input);
      return { result, serverChanged: changesServer(settings, input) };
    },
    {
      onSuccess: (outcome) => {
        if (outcome === 'cancelled') return;
        if (outcome === 'unchanged') {
          void message.info('设置没有变化');
          return;
        }
        const { sessionEnded, ...next } = outcome.result;
        saved(next);
        form.setFieldsValue(formValuesOf(next));
        if (sessionEnded) {
          ended(SERVER_CHANGED_NOTICE);
          navigate('/login', { replace: true });
        } else if (outcome.serverChanged && user === null) {
          const state: PublicPageState = { notice: '服务地址已保存，请登录' };
          navigate('/login', { replace: true, state });
        } else {
          void message.success('设置已保存');
        }
      },
    },
  );

  async function pickDriverFile() {
    setPicking(true);
    try {
      const picked = await ipc.invoke('settings.pickKeyDriver');
      if (!picked.picked) return;
      saved(picked.settings);
      form.setFieldValue('keyDriver', 'file');
      void message.success('KEY 驱动已改为所选的驱动文件');
    } catch (error) {
      void message.error(asAppError(error).message);
    } finally {
      setPicking(false);
    }
  }

  return (
    <Form
      form={form}
      name="settings"
      layout="vertical"
      initialValues={formValuesOf(settings)}
      onFinish={submit.onFinish}
      data-page={mode}
      className="settings-form"
    >
      {/* The first-run page says all of it in its own title. */}
      <Section
        title="服务连接"
        icon={<CloudServerOutlined />}
        framed={mode === 'first-run' ? 'bare' : framed}
      >
        <Form.Item
          name="apiUrl"
          label="服务地址"
          rules={[zodRule(apiUrlField, { optional: apiUrlOptional(settings) })]}
          extra={mode === 'first-run' ? undefined : <ApiUrlHelp settings={settings} />}
        >
          <Input
            prefix={<GlobalOutlined />}
            placeholder="如 https://api.example.cn（由证书服务中心提供）"
            disabled={settings.apiUrlLocked}
            autoComplete="url"
            spellCheck={false}
          />
        </Form.Item>
      </Section>
      {mode === 'settings' && (
        <Section title="USB KEY" icon={<UsbOutlined />} framed={framed}>
          <Form.Item
            name="keyDriver"
            label="KEY 驱动"
            extra="KEY 厂商提供的驱动（PKCS#11 库）；不确定时选「自动」"
          >
            <Select
              options={driverOptions(settings).map((option) => ({
                value: option.value,
                label: <DriverLabel option={option} />,
              }))}
            />
          </Form.Item>
          <Space orientation="vertical" size={4} className="settings-pick">
            <Button
              icon={<FolderOpenOutlined />}
              onClick={() => void pickDriverFile()}
              loading={picking}
              disabled={!settings.canPickDriverFile}
            >
              选择驱动文件…
            </Button>
            <Typography.Text type="secondary" className="settings-hint">
              {settings.canPickDriverFile
                ? '列表中没有您的 KEY 时，可选择厂商驱动光盘或官网提供的驱动文件，选择后立即生效'
                : NO_FILE_DIALOG_HINT}
            </Typography.Text>
          </Space>
        </Section>
      )}
      <FormError error={submit.error} onClose={submit.clearError} />
      <div className="settings-actions">
        <Button type="primary" htmlType="submit" loading={submit.pending} block={!framed}>
          {mode === 'first-run' ? '保存并继续' : '保存'}
        </Button>
      </div>
    </Form>
  );
}
