import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Empty, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import type { Application } from '../../src-shared/schemas/application';
import { useChannel } from '../bridge/useChannel';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { isPayable } from '../orders/orderView';
import { ApplicationDrawer } from './ApplicationDrawer';
import {
  filterApplications,
  filterOptions,
  formatTime,
  newestFirst,
  summaryOf,
  type ApplicationFilter,
} from './applicationView';
import { StateTag } from './StateTag';
import { LocalSyncTag } from '../sync/LocalSyncTag';
import { LoadFailedAlert } from '../components/LoadFailedAlert';
import { displayNumber } from '../records/recordNumber';

const ORDER_NEEDS_SERVER = '下单缴费需要连接证书服务中心，请联网后再缴费';

/** 申请单管理 (seed 003): every application of this account, its state, and what may still be done. */
export default function ApplicationsPage() {
  const { data: result, loading, error, reload } = useChannel('applications.list');
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<ApplicationFilter>({});
  const [selected, setSelected] = useState<string[]>([]);
  const navigate = useNavigate();
  const openId = params.get('open');

  const items = useMemo(() => newestFirst(result?.items ?? []), [result]);
  const options = useMemo(() => filterOptions(items), [items]);
  const shown = filterApplications(items, filter);

  const open = (id: string | null) => setParams(id === null ? {} : { open: id }, { replace: true });

  const columns: TableColumnsType<Application> = [
    { title: '申请单号', key: 'number', width: 160, render: (_, item) => displayNumber(item) },
    {
      title: '业务',
      key: 'service',
      width: 140,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => open(item.id)}>
          {item.serviceName}
        </Button>
      ),
    },
    { title: '申请信息', key: 'summary', ellipsis: true, render: (_, item) => summaryOf(item) },
    {
      title: '状态',
      key: 'state',
      width: 170,
      render: (_, item) => (
        <>
          <StateTag service={item.service} state={item.state} />
          <LocalSyncTag record={item} />
        </>
      ),
    },
    { title: '更新时间', key: 'updated', width: 150, render: (_, item) => formatTime(item.updatedAt) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => open(item.id)}>
          查看
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={4} className="page-title">
        申请单管理
      </Typography.Title>
      <KeptCopyAlert
        kept={result}
        what="申请单"
        description="离线时仍可编辑、撤回或删除申请单，修改保存在本机，联网后自动同步；下单缴费需联网。"
        onReload={reload}
      />
      {error && !result && <LoadFailedAlert error={error} onRetry={reload} />}
      <Card
        title={
          <Space wrap>
            <Select
              allowClear
              className="filter-select"
              placeholder="全部业务"
              value={filter.service}
              options={options.services}
              onChange={(service?: string) => setFilter((current) => ({ ...current, service }))}
            />
            <Select
              allowClear
              className="filter-select"
              placeholder="全部状态"
              value={filter.stateLabel}
              options={options.states}
              onChange={(stateLabel?: string) => setFilter((current) => ({ ...current, stateLabel }))}
            />
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
              刷新
            </Button>
            <Tooltip title={result?.fromCache ? ORDER_NEEDS_SERVER : undefined}>
              <Button
                type="primary"
                icon={<ShoppingCartOutlined />}
                disabled={selected.length === 0 || result?.fromCache === true}
                onClick={() => navigate('/orders/new', { state: { applicationIds: selected } })}
              >
                下单缴费{selected.length > 0 ? `（${selected.length}）` : ''}
              </Button>
            </Tooltip>
          </Space>
        }
      >
        <Table
          rowKey="id"
          columns={columns}
          dataSource={shown}
          loading={loading && result === null}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(String)),
            // Only what can still be paid for: submitted, with a fee, in no order yet.
            getCheckboxProps: (item) => ({
              disabled: !isPayable(item),
              title: isPayable(item) ? '' : '无需缴费或已下单',
            }),
          }}
          data-testid="applications-table"
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  items.length === 0 ? (
                    <>
                      还没有申请单，<Link to="/business">去办理业务</Link>
                    </>
                  ) : (
                    '没有符合筛选条件的申请单'
                  )
                }
              />
            ),
          }}
        />
      </Card>
      <ApplicationDrawer id={openId} onClose={() => open(null)} onChanged={reload} />
    </>
  );
}
