import { Button, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { ReadableTokenCertificate, TokenCertificate } from '../../src-shared/schemas/key';
import { daysLeftText, ExpiryTag } from './ExpiryTag';

interface Props {
  items: TokenCertificate[];
  loading: boolean;
  /** Fingerprints of the certificates already bound to this account. */
  boundFingerprints: ReadonlySet<string>;
  onDetails: (certificate: ReadableTokenCertificate) => void;
  onBind: (certificate: ReadableTokenCertificate) => void;
}

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

/** The certificates on the KEY; an object that is not a readable certificate says so in its row. */
export function KeyCertificatesTable({ items, loading, boundFingerprints, onDetails, onBind }: Props) {
  const columns: TableColumnsType<TokenCertificate> = [
    {
      title: '持有人',
      key: 'cn',
      render: (_, c) =>
        c.readable ? (
          <Button type="link" className="table-link" onClick={() => onDetails(c)}>
            {c.subject.commonName ?? '（未填写）'}
          </Button>
        ) : (
          <Typography.Text type="danger">无法读取的证书（{c.label || '无标签'}）</Typography.Text>
        ),
      onCell: (c) => ({ colSpan: c.readable ? 1 : 8 }),
    },
    ...(
      [
        { title: '单位', render: (c) => c.subject.organization ?? '—' },
        {
          title: '统一社会信用代码 / 身份证号',
          render: (c) => c.subject.creditCode ?? c.subject.idNumber ?? '—',
        },
        { title: '颁发者', render: (c) => c.issuer.commonName ?? c.issuer.organization ?? '—' },
        {
          title: '序列号',
          render: (c) => (
            <Tooltip title={c.serialNumber}>
              <Typography.Text className="serial-cell" ellipsis>
                {c.serialNumber}
              </Typography.Text>
            </Tooltip>
          ),
        },
        { title: '有效期', render: (c) => `${day(c.notBefore)} 至 ${day(c.notAfter)}` },
        { title: '剩余天数', render: (c) => daysLeftText(c.daysLeft) },
        { title: '状态', render: (c) => <ExpiryTag expiry={c.expiry} /> },
      ] satisfies { title: string; render: (c: ReadableTokenCertificate) => React.ReactNode }[]
    ).map(({ title, render }) => ({
      title,
      key: title,
      render: (_: unknown, c: TokenCertificate) => (c.readable ? render(c) : null),
      onCell: (c: TokenCertificate) => ({ colSpan: c.readable ? 1 : 0 }),
    })),
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      render: (_, c) =>
        c.readable ? (
          <Space size={4}>
            <Button type="link" size="small" onClick={() => onDetails(c)}>
              详情
            </Button>
            {boundFingerprints.has(c.fingerprint) ? (
              <Tag color="blue">已绑定</Tag>
            ) : (
              <Button type="primary" size="small" onClick={() => onBind(c)} disabled={c.expiry === 'expired'}>
                绑定证书
              </Button>
            )}
          </Space>
        ) : (
          <Tooltip title={c.problem}>
            <Typography.Text type="secondary">不可用</Typography.Text>
          </Tooltip>
        ),
    },
  ];
  return (
    <Table
      rowKey={(c) => `${c.fingerprint}-${c.keyId}`}
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '这只 KEY 中没有证书' }}
      data-testid="key-certificates"
    />
  );
}
