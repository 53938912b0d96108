import type { ReactNode } from 'react';
import { Button, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
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

interface Column {
  title: string;
  width?: number;
  ellipsis?: boolean;
  render: (c: ReadableTokenCertificate) => ReactNode;
}

/** Long values are cut with a tooltip so that 剩余天数 and 状态 always stay in view. */
const DETAIL_COLUMNS: Column[] = [
  { title: '单位', ellipsis: true, render: (c) => c.subject.organization ?? '—' },
  {
    title: '统一社会信用代码 / 身份证号',
    width: 176,
    render: (c) => c.subject.creditCode ?? c.subject.idNumber ?? '—',
  },
  { title: '颁发者', ellipsis: true, render: (c) => c.issuer.commonName ?? c.issuer.organization ?? '—' },
  {
    title: '序列号',
    width: 110,
    ellipsis: true,
    render: (c) => <span className="serial-cell">{c.serialNumber}</span>,
  },
  {
    title: '有效期',
    width: 112,
    render: (c) => (
      <span className="validity-cell">
        {day(c.notBefore)}
        <br />至 {day(c.notAfter)}
      </span>
    ),
  },
  { title: '剩余天数', width: 92, render: (c) => daysLeftText(c.daysLeft) },
  { title: '状态', width: 84, render: (c) => <ExpiryTag expiry={c.expiry} /> },
];

/** The certificates on the KEY; an object that is not a readable certificate says so in its row. */
export function KeyCertificatesTable({ items, loading, boundFingerprints, onDetails, onBind }: Props) {
  const columns: TableColumnsType<TokenCertificate> = [
    {
      title: '持有人',
      key: 'cn',
      width: 84,
      ellipsis: true,
      render: (_, c) =>
        c.readable ? (
          <Button type="link" className="table-link" onClick={() => onDetails(c)}>
            {c.subject.commonName ?? '（未填写）'}
          </Button>
        ) : (
          <Tooltip title={c.problem}>
            <Typography.Text type="danger">
              无法读取的证书（{c.label || '无标签'}）：{c.problem}
            </Typography.Text>
          </Tooltip>
        ),
      onCell: (c) => ({ colSpan: c.readable ? 1 : DETAIL_COLUMNS.length + 1 }),
    },
    ...DETAIL_COLUMNS.map(({ title, width, ellipsis, render }) => ({
      title,
      key: title,
      width,
      ellipsis: ellipsis ? { showTitle: true } : undefined,
      render: (_: unknown, c: TokenCertificate) => (c.readable ? render(c) : null),
      onCell: (c: TokenCertificate) => ({ colSpan: c.readable ? 1 : 0 }),
    })),
    {
      title: '操作',
      key: 'actions',
      width: 104,
      render: (_, c) => {
        if (!c.readable) return <Typography.Text type="secondary">不可用</Typography.Text>;
        if (boundFingerprints.has(c.fingerprint)) return <Tag color="blue">已绑定</Tag>;
        return (
          <Tooltip title={c.expiry === 'expired' ? '证书已过期，请先办理续费' : undefined}>
            <Button type="primary" size="small" onClick={() => onBind(c)} disabled={c.expiry === 'expired'}>
              绑定证书
            </Button>
          </Tooltip>
        );
      },
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
      tableLayout="fixed"
      locale={{ emptyText: '这只 KEY 中没有证书' }}
      data-testid="key-certificates"
    />
  );
}
