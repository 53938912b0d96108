import { Alert, Card, Radio, Space, Typography } from 'antd';
import { UsbOutlined } from '@ant-design/icons';
import type { ServiceDef } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import type { CsrSubject } from '../../src-shared/schemas/key';
import { KeyRequestPanel } from '../key/KeyRequestPanel';
import type { KeysState } from '../key/useKeys';
import { requestModes, type RequestChoice, type RequestMode } from './keyRequest';
import { readsKey } from './serviceForm';

interface Props {
  service: ServiceDef;
  keys: KeysState;
  choice: RequestChoice;
  onChange: (choice: RequestChoice) => void;
  subject: () => Promise<CsrSubject>;
  /** Renewal: the KEY the certificate was read from (null until read). */
  readSerial?: string | null;
  /** Renewal: the fingerprint of the certificate read, whose key proves the renewal. */
  readFingerprint?: string | null;
  /** Editing: what the application has. */
  existing?: Pick<Application, 'hasCsr' | 'blankKey'>;
  disabled?: boolean;
  /** Inside a dialog: no card of its own. */
  bare?: boolean;
}

const MODE_LABELS: Record<RequestMode, string> = {
  keep: '保留已生成的证书请求',
  key: '在已插入的 KEY 上生成密钥对',
  blank: '空白 KEY 到柜台办理',
};

function BlankKeyNotice() {
  return (
    <Alert
      type="info"
      showIcon
      title="按“空白 KEY 到柜台办理”提交"
      description="本次不在本机 KEY 上生成密钥。审核通过并缴费后，请携带空白 USB KEY 到服务中心柜台，由工作人员在 KEY 上生成密钥对并写入证书。"
      data-testid="blank-key-notice"
    />
  );
}

/**
 * The KEY step before submitting a certificate application: the key pair and request made on the inserted
 * KEY (renewal: the KEY that was read), or the blank KEY brought to the counter; an edit may keep its request.
 */
export function KeyRequestSection(props: Props) {
  const { service, keys, choice, onChange, subject, readSerial, readFingerprint, existing, disabled } = props;
  const renewal = readsKey(service);
  const modes = requestModes(service, existing);

  function body() {
    if (choice.mode === 'blank') return <BlankKeyNotice />;
    if (choice.mode === 'keep') {
      return (
        <Typography.Text type="secondary">
          保留提交时在 KEY 上生成的证书请求；如更换了 KEY，请选择重新生成。
        </Typography.Text>
      );
    }
    if (renewal && !existing && !readSerial) {
      return (
        <Alert type="info" showIcon title="请先在上方读取 KEY 中的证书，再在同一只 KEY 上生成新的密钥对" />
      );
    }
    return (
      <KeyRequestPanel
        keys={keys}
        serial={renewal && readSerial ? readSerial : undefined}
        renews={renewal && readFingerprint ? readFingerprint : undefined}
        subject={subject}
        request={choice.request}
        onChange={(request) => onChange({ ...choice, request })}
        disabled={disabled}
        noKeyHint={
          modes.includes('blank')
            ? '插入后会自动识别。没有 KEY 时，可选择“空白 KEY 到柜台办理”。'
            : '请插入需要续费的 KEY，插入后会自动识别。'
        }
      />
    );
  }

  const content = (
    <Space direction="vertical" className="full-width" data-testid="key-request">
      {modes.length > 1 && (
        <Radio.Group
          value={choice.mode}
          disabled={disabled}
          onChange={(event) => onChange({ ...choice, mode: event.target.value as RequestMode })}
          options={modes.map((mode) => ({ value: mode, label: MODE_LABELS[mode] }))}
        />
      )}
      {body()}
    </Space>
  );
  if (props.bare) return content;
  return (
    <Card
      className="section-card"
      title={
        <Space>
          <UsbOutlined /> {renewal ? '在 KEY 上生成新的密钥对' : '证书 KEY'}
        </Space>
      }
    >
      {content}
    </Card>
  );
}
