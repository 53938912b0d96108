import type { ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Select, Space, Tag } from 'antd';
import { ReloadOutlined, UsbOutlined } from '@ant-design/icons';
import type { TokenSummary } from '../../src-shared/schemas/key';
import type { KeysState } from './useKeys';

/** The KEY's PIN state in words (PKCS#11 retry flags). */
export function PinStateTag({ token }: { token: TokenSummary }) {
  const { pin } = token;
  if (pin.locked) return <Tag color="error">PIN 已锁定</Tag>;
  if (pin.finalTry) return <Tag color="error">PIN 仅剩最后一次机会</Tag>;
  if (pin.countLow) return <Tag color="warning">PIN 曾输错</Tag>;
  if (pin.toBeChanged) return <Tag color="warning">需修改 PIN</Tag>;
  return <Tag color="success">PIN 正常</Tag>;
}

/** "CERTDESK DEMO KEY（68f7…fc03）" */
export function tokenName(token: TokenSummary): string {
  return `${token.label}（${token.serial}）`;
}

interface Props {
  keys: KeysState;
  extra?: ReactNode;
}

/** 我的 KEY: 未检测到 KEY, or the inserted KEY(s) with a picker when there are several. */
export function KeyStatusCard({ keys, extra }: Props) {
  const { status, tokens, selected, select, refresh } = keys;
  const title = (
    <Space>
      <UsbOutlined />
      USB KEY
    </Space>
  );
  const refreshButton = (
    <Button icon={<ReloadOutlined />} onClick={refresh}>
      刷新
    </Button>
  );

  if (status?.problem) {
    return (
      <Card title={title} extra={refreshButton} className="section-card" data-testid="key-status">
        <Alert type="warning" showIcon title="无法读取 KEY" description={status.problem.message} />
      </Card>
    );
  }
  if (!selected) {
    return (
      <Card title={title} extra={refreshButton} className="section-card" data-testid="key-status">
        <Empty
          image={<UsbOutlined className="key-empty-icon" />}
          description={
            <>
              <div className="key-empty-title">{status ? '未检测到 KEY' : '正在检测 KEY…'}</div>
              {status && (
                <div className="key-empty-hint">请将 USB KEY 插入电脑，插入后会自动识别，无需刷新。</div>
              )}
            </>
          }
        />
      </Card>
    );
  }
  return (
    <Card title={title} extra={<Space>{extra}</Space>} className="section-card" data-testid="key-status">
      {tokens.length > 1 && (
        <Alert
          className="key-picker"
          type="info"
          showIcon
          title={
            <Space>
              检测到 {tokens.length} 只 KEY，请选择要使用的 KEY：
              <Select
                className="key-select"
                value={selected.serial}
                onChange={select}
                options={tokens.map((t) => ({ value: t.serial, label: tokenName(t) }))}
              />
            </Space>
          }
        />
      )}
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'label', label: 'KEY 名称', children: selected.label || '—' },
          { key: 'serial', label: '序列号', children: selected.serial },
          { key: 'pin', label: 'PIN 状态', children: <PinStateTag token={selected} /> },
          {
            key: 'maker',
            label: '厂商 / 型号',
            children: [selected.manufacturer, selected.model].filter(Boolean).join(' / ') || '—',
          },
        ]}
      />
      {selected.pin.locked && (
        <Alert
          className="key-locked"
          type="error"
          showIcon
          title="这只 KEY 的 PIN 码已锁定"
          description="请携带 KEY 到服务窗口解锁。"
        />
      )}
    </Card>
  );
}
