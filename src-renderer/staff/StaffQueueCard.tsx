import type { ReactNode } from 'react';
import { Input, Space, Table, type TableColumnsType } from 'antd';
import type { AppError } from '../../src-shared/errors';
import { KeptCopyAlert } from '../components/KeptCopyAlert';
import { QueueCard } from '../components/QueueCard';

/** A queue's read (or reads): the answer whose copy may be the kept one, how it went, and 刷新. */
export interface StaffQueueRead {
  data: { fromCache: boolean; cachedAt: string | null } | null;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
}

interface Props<T> {
  read: StaffQueueRead;
  /** The 离线 banner: what it says is shown (办理队列, 订单…) and what still works at the counter. */
  offline: { what: string; description: string };
  /** The queue's own filters, left of the search box. */
  filters: ReactNode;
  search: { placeholder: string; testId: string; onSearch: (text: string | undefined) => void };
  table: { columns: TableColumnsType<T>; rows: readonly T[]; testId: string; empty: ReactNode };
}

/** A staff desk's queue: the 离线 banner, its filters and search box, 刷新, and the table of ten a page. */
export function StaffQueueCard<T extends { id: string }>({
  read,
  offline,
  filters,
  search,
  table,
}: Props<T>) {
  return (
    <>
      <KeptCopyAlert
        kept={read.data}
        what={offline.what}
        description={offline.description}
        onReload={read.reload}
      />
      <QueueCard
        error={read.error}
        loading={read.loading}
        onReload={read.reload}
        filters={
          <Space wrap>
            {filters}
            <Input.Search
              allowClear
              className="staff-search"
              placeholder={search.placeholder}
              onSearch={(text) => search.onSearch(text.trim() || undefined)}
              data-testid={search.testId}
            />
          </Space>
        }
      >
        <Table<T>
          rowKey="id"
          columns={table.columns}
          dataSource={table.rows}
          loading={read.loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid={table.testId}
          locale={{ emptyText: table.empty }}
        />
      </QueueCard>
    </>
  );
}
