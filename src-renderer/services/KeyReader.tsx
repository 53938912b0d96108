import { useEffect, useState } from 'react';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { UsbOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { KeyCertificate } from '../../src-shared/catalogue';
import type { ReadableTokenCertificate } from '../../src-shared/schemas/key';
import type { AppError } from '../../src-shared/errors';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';
import { KeyChooser } from '../key/KeyChooser';
import type { KeysState } from '../key/useKeys';
import { keyCertificateOf } from './serviceForm';

/** A certificate read from a KEY, and which KEY: the renewal's new key pair is made on that one. */
export interface KeyRead {
  certificate: KeyCertificate;
  serial: string;
}

interface Props {
  keys: KeysState;
  /** The certificate read, or null when the KEY was taken out (or another one chosen). */
  onRead: (read: KeyRead | null) => void;
  read: KeyRead | null;
}

function describe(certificate: ReadableTokenCertificate): string {
  const { subject } = certificate;
  const who = [subject.commonName, subject.organization].filter(Boolean).join(' / ');
  return `${who || subject.text}（有效期至 ${dayjs(certificate.notAfter).format('YYYY-MM-DD')}）`;
}

/** 插入 KEY → 读取: the certificate on the KEY fills the form (renewal, seed 003). */
export function KeyReader({ keys, onRead, read }: Props) {
  const serial = keys.selected?.serial ?? null;
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [choices, setChoices] = useState<ReadableTokenCertificate[] | null>(null);

  // Taking the KEY out (or choosing another) drops what was read from it.
  useEffect(() => {
    if (read !== null && serial !== read.serial) onRead(null);
  }, [serial, read, onRead]);

  async function readKey(): Promise<void> {
    if (serial === null) return;
    setReading(true);
    setError(null);
    setChoices(null);
    try {
      const { items } = await ipc.invoke('key.certificates', { serial });
      const readable = items.filter((item): item is ReadableTokenCertificate => item.readable);
      setChoices(readable);
      onRead(readable[0] ? { certificate: keyCertificateOf(readable[0]), serial } : null);
    } catch (thrown) {
      setError(asAppError(thrown));
    } finally {
      setReading(false);
    }
  }

  const several = choices !== null && choices.length > 1;
  return (
    <Card
      className="section-card"
      title={
        <Space>
          <UsbOutlined /> 读取 KEY 中的证书
        </Space>
      }
      data-testid="key-reader"
    >
      {keys.status?.problem ? (
        <Alert type="warning" showIcon title="无法读取 KEY" description={keys.status.problem.message} />
      ) : serial === null ? (
        <Alert
          type="info"
          showIcon
          title={keys.status ? '请插入需要续费的 USB KEY' : '正在检测 KEY…'}
          description="插入后点击“读取”，证书信息会自动填入申请表。"
        />
      ) : (
        <Space direction="vertical" className="full-width">
          <Space wrap>
            <Typography.Text>已插入：</Typography.Text>
            <KeyChooser keys={keys} token={keys.selected!} disabled={reading} />
            <Button type="primary" loading={reading} onClick={() => void readKey()}>
              {read ? '重新读取' : '读取'}
            </Button>
          </Space>
          {choices !== null && choices.length > 1 && (
            <Space>
              <Typography.Text>KEY 中有 {choices.length} 张证书，请选择要续费的证书：</Typography.Text>
              <Select
                className="key-select"
                value={read?.certificate.fingerprint}
                onChange={(fingerprint: string) => {
                  const chosen = choices.find((choice) => choice.fingerprint === fingerprint);
                  if (chosen) onRead({ certificate: keyCertificateOf(chosen), serial });
                }}
                options={choices.map((choice) => ({ value: choice.fingerprint, label: describe(choice) }))}
              />
            </Space>
          )}
          {read && !several && (
            <Typography.Text type="success">
              已读取证书：{read.certificate.subject.commonName ?? read.certificate.subject.text}
            </Typography.Text>
          )}
        </Space>
      )}
      {choices?.length === 0 && (
        <Alert
          className="section-card"
          type="warning"
          showIcon
          title="这只 KEY 中没有可读取的证书"
          description="请确认插入的是需要续费的 KEY；新 KEY 请办理证书新办。"
        />
      )}
      {error && <Alert className="section-card" type="error" showIcon title={error.message} />}
    </Card>
  );
}
