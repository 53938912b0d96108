import type { ReactNode } from 'react';
import { Button, type TableColumnType, type TableColumnsType } from 'antd';
import type { Application } from '../../src-shared/schemas/application';
import { summaryOf } from '../applications/applicationView';
import { displayNumber } from '../records/recordNumber';
import { LocalSyncTag } from '../sync/LocalSyncTag';

/** The columns every staff queue of applications starts with: 申请单号, 业务 (opens it), 申请人, 申请信息. */
export function applicationColumns(onOpen: (id: string) => void): TableColumnsType<Application> {
  return [
    { title: '申请单号', key: 'number', width: 150, render: (_, item) => displayNumber(item) },
    {
      title: '业务',
      key: 'service',
      width: 120,
      render: (_, item) => (
        <Button type="link" className="table-link" onClick={() => onOpen(item.id)}>
          {item.serviceName}
        </Button>
      ),
    },
    { title: '申请人', key: 'applicant', width: 80, render: (_, item) => item.applicantName ?? '—' },
    {
      // Staff queues are narrow in this column: the values, the labelled summary on hover.
      title: '申请信息',
      key: 'summary',
      ellipsis: { showTitle: false },
      render: (_, item) => <span title={summaryOf(item)}>{summaryOf(item, 2, false)}</span>,
    },
  ];
}

/**
 * A staff queue's 状态 column (applications or orders): the row's state tag and, beside it, 待同步 / 有冲突
 * when this computer holds a change of the record not yet on the server (sync/LocalSyncTag.tsx); in a
 * narrow column the second tag goes under the first.
 */
export function stateColumn<T extends object>(
  title: string,
  tag: (item: T) => ReactNode,
  width = 150,
): TableColumnType<T> {
  return {
    title,
    key: 'state',
    width,
    render: (_, item) => (
      <span className="state-cell">
        {tag(item)}
        <LocalSyncTag record={item} />
      </span>
    ),
  };
}
