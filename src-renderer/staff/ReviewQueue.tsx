import { useState } from 'react';
import { Button, Select, type TableColumnsType } from 'antd';
import { listServices, type ServiceCode } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { formatTime } from '../applications/applicationView';
import { StateTag } from '../applications/StateTag';
import { useChannel } from '../bridge/useChannel';
import { applicationColumns, stateColumn } from './applicationColumns';
import { ReviewDrawer } from './ReviewDrawer';
import { StaffQueueCard } from './StaffQueueCard';
import { APPLICATION_QUEUE_OFFLINE, APPLICATION_SEARCH_PLACEHOLDER } from './staffDesk';

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

/** 审核受理: every applicant's applications for review, accept / reject and the later counter moves. */
export function ReviewQueue() {
  const [query, setQuery] = useState<Query>({ state: 'pending' });
  const queue = useChannel('staff.applications', query, { keepPrevious: true });
  const [openId, setOpenId] = useState<string | null>(null);
  const update = (patch: Query) => setQuery((current) => ({ ...current, ...patch }));

  const columns: TableColumnsType<Application> = [
    ...applicationColumns(setOpenId),
    stateColumn<Application>('状态', (item) => <StateTag service={item.service} state={item.state} />),
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
      <StaffQueueCard
        read={queue}
        offline={{ what: '办理队列', description: APPLICATION_QUEUE_OFFLINE }}
        search={{
          placeholder: APPLICATION_SEARCH_PLACEHOLDER,
          testId: 'staff-search',
          onSearch: (search) => update({ search }),
        }}
        filters={
          <>
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
          </>
        }
        table={{
          columns,
          rows: queue.data?.items ?? [],
          testId: 'staff-queue',
          empty: '没有符合条件的申请单',
        }}
      />
      <ReviewDrawer id={openId} onClose={() => setOpenId(null)} onMoved={queue.reload} />
    </>
  );
}
