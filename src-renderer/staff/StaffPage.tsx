import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Input,
  Result,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { listServices, type ServiceCode } from '../../src-shared/catalogue';
import type { AppError } from '../../src-shared/errors';
import type { Application } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { asAppError } from '../forms/appError';
import { useSession } from '../session/SessionProvider';
import { formatTime, summaryOf } from '../applications/applicationView';
import { StateTag } from '../applications/StateTag';
import { ReviewDrawer } from './ReviewDrawer';
import { isStaff } from './staffMoves';

/** The queue's state filter: the machines' common states (every flow has 待审核, each its own later ones). */
const STATE_FILTERS = [
  { value: 'pending', label: '待审核' },
  { value: 'accepted', label: '申请受理中' },
  { value: 'ready', label: '可领取' },
  { value: 'shipped', label: '已寄出' },
  { value: 'rejected', label: '审核未过' },
];

interface Query {
  state?: string;
  service?: ServiceCode;
  search?: string;
}

/** 业务受理: every applicant's applications for review, accept / reject and the later counter moves. */
export default function StaffPage() {
  const { user } = useSession();
  const [query, setQuery] = useState<Query>({ state: 'pending' });
  const [items, setItems] = useState<Application[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    ipc
      .invoke('staff.applications', query)
      .then(({ items: next }) => {
        if (cancelled) return;
        setItems(next);
        setError(null);
      })
      .catch((thrown: unknown) => {
        if (!cancelled) setError(asAppError(thrown));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [query, generation]);

  const reload = useCallback(() => {
    setLoading(true);
    setGeneration((n) => n + 1);
  }, []);
  const update = (patch: Query) => {
    setLoading(true);
    setQuery((current) => ({ ...current, ...patch }));
  };

  if (!isStaff(user?.roles ?? [])) {
    return (
      <Result status="403" title="业务受理仅供工作人员使用" subTitle="请使用审核员、财务或发证员账号登录。" />
    );
  }

  const columns: TableColumnsType<Application> = [
    {
      title: '业务',
      key: 'service',
      width: 130,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => setOpenId(item.id)}>
          {item.serviceName}
        </Button>
      ),
    },
    { title: '申请人', key: 'applicant', width: 90, render: (_, item) => item.applicantName ?? '—' },
    { title: '申请信息', key: 'summary', ellipsis: true, render: (_, item) => summaryOf(item) },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_, item) => <StateTag service={item.service} state={item.state} />,
    },
    { title: '提交时间', key: 'submitted', width: 150, render: (_, item) => formatTime(item.submittedAt) },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => setOpenId(item.id)}>
          办理
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={4} className="page-title">
        业务受理
      </Typography.Title>
      {error && (
        <Alert
          className="page-alert"
          type="error"
          showIcon
          title={error.message}
          action={<Button onClick={reload}>重试</Button>}
        />
      )}
      <Card
        title={
          <Space wrap>
            <Select
              allowClear
              className="filter-select"
              placeholder="全部状态"
              value={query.state}
              options={STATE_FILTERS}
              onChange={(state?: string) => update({ state })}
            />
            <Select
              allowClear
              className="filter-select"
              placeholder="全部业务"
              value={query.service}
              options={listServices().map((service) => ({ value: service.code, label: service.name }))}
              onChange={(service?: ServiceCode) => update({ service })}
            />
            <Input.Search
              allowClear
              className="staff-search"
              placeholder="姓名、企业、信用代码或单号"
              onSearch={(search) => update({ search: search.trim() || undefined })}
            />
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            刷新
          </Button>
        }
      >
        <Table
          rowKey="id"
          columns={columns}
          dataSource={items ?? []}
          loading={loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="staff-queue"
          locale={{ emptyText: '没有符合条件的申请单' }}
        />
      </Card>
      <ReviewDrawer id={openId} onClose={() => setOpenId(null)} onMoved={reload} />
    </>
  );
}
