import { Alert, Button, Card, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { AppError } from '../../src-shared/errors';
import type { BoundCertificatesResult } from '../../src-shared/ipc/contract';
import type { BoundCertificate } from '../../src-shared/schemas/key';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { daysLeftText, ExpiryTag } from '../key/ExpiryTag';

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

const columns: TableColumnsType<BoundCertificate> = [
  { title: '持有人', key: 'cn', render: (_, c) => c.subject.commonName ?? '—' },
  { title: '单位', key: 'o', render: (_, c) => c.subject.organization ?? '—' },
  {
    title: '统一社会信用代码 / 身份证号',
    key: 'code',
    render: (_, c) => c.subject.creditCode ?? c.subject.idNumber ?? '—',
  },
  {
    title: '序列号',
    key: 'serial',
    render: (_, c) => (
      <Tooltip title={c.serialNumber}>
        <Typography.Text className="serial-cell" ellipsis>
          {c.serialNumber}
        </Typography.Text>
      </Tooltip>
    ),
  },
  { title: '到期日期', key: 'to', render: (_, c) => day(c.notAfter) },
  { title: '剩余天数', key: 'left', render: (_, c) => daysLeftText(c.daysLeft) },
  { title: '状态', key: 'state', render: (_, c) => <ExpiryTag expiry={c.expiry} /> },
  { title: '绑定时间', key: 'bound', render: (_, c) => dayjs(c.boundAt).format('YYYY-MM-DD HH:mm') },
];

interface Props {
  result: BoundCertificatesResult | null;
  loading: boolean;
  error: AppError | null;
  onReload: () => void;
}

/** 已绑定的证书: listed with validity whether or not the KEY is inserted; the kept copy when offline. */
export function BoundCertificatesCard({ result, loading, error, onReload }: Props) {
  return (
    <Card
      title="已绑定的证书"
      className="section-card"
      extra={
        <Button icon={<ReloadOutlined />} onClick={onReload} loading={loading}>
          刷新
        </Button>
      }
      data-testid="bound-certificates"
    >
      <KeptCopyAlert kept={result} what="列表" description="联网后可绑定新的证书。" />
      {error && !result && <Alert className="page-alert" type="error" showIcon title={error.message} />}
      <Table
        rowKey="id"
        columns={columns}
        dataSource={result?.items ?? []}
        loading={loading && !result}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '尚未绑定证书：插入 KEY 后，在上方的证书列表中点击“绑定证书”' }}
      />
    </Card>
  );
}
