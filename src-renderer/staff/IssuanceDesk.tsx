import { useState } from 'react';
import { App, Button, Segmented, Space, Tag, Tooltip, type TableColumnsType } from 'antd';
import { getService, type TransitionDef } from '../../src-shared/catalogue';
import type { Application } from '../../src-shared/schemas/application';
import { formatTime } from '../applications/applicationView';
import { StateTag } from '../applications/StateTag';
import { useChannel } from '../bridge/useChannel';
import { OrderStateTag } from '../orders/OrderStateTag';
import { useSession } from '../session/SessionProvider';
import { applicationColumns, stateColumn } from './applicationColumns';
import { MoveModal } from './MoveModal';
import { ReviewDrawer } from './ReviewDrawer';
import { StaffQueueCard } from './StaffQueueCard';
import {
  APPLICATION_QUEUE_OFFLINE,
  APPLICATION_SEARCH_PLACEHOLDER,
  ISSUANCE_VIEWS,
  issuanceLists,
  paymentLabel,
  quickMove,
  type IssuanceView,
} from './staffDesk';
import { staffMoves } from './staffMoves';

/**
 * 发证与寄送: accepted applications whose order is paid (发证), those still waiting for payment, and
 * issued ones to post (寄出 with the tracking number). Detail and counter KEY work happen in the drawer.
 */
export function IssuanceDesk() {
  const { user } = useSession();
  const { message } = App.useApp();
  const roles = user?.roles ?? [];
  const [view, setView] = useState<IssuanceView>('toIssue');
  const [search, setSearch] = useState<string | undefined>(undefined);
  const accepted = useChannel('staff.applications', { state: 'accepted', search }, { keepPrevious: true });
  const ready = useChannel('staff.applications', { state: 'ready', search }, { keepPrevious: true });
  const [openId, setOpenId] = useState<string | null>(null);
  const [moving, setMoving] = useState<{ application: Application; move: TransitionDef } | null>(null);

  const lists = issuanceLists(accepted.data?.items ?? [], ready.data?.items ?? []);
  const reload = () => {
    accepted.reload();
    ready.reload();
  };
  const movingService = moving ? getService(moving.application.service) : undefined;

  /** The row's quick move, when this person may take it (the server checks the role again). */
  function quickMoveOf(item: Application): TransitionDef | undefined {
    const name = quickMove(view, item);
    const service = getService(item.service);
    if (name === null || !service) return undefined;
    return staffMoves(service, item.state, roles).find((candidate) => candidate.name === name);
  }

  const columns: TableColumnsType<Application> = [
    ...applicationColumns(setOpenId),
    stateColumn<Application>(
      view === 'toShip' ? '状态' : '缴费',
      (item) =>
        view === 'toShip' ? (
          <StateTag service={item.service} state={item.state} />
        ) : item.orderState ? (
          <OrderStateTag state={item.orderState} />
        ) : (
          <Tag>{paymentLabel(item)}</Tag>
        ),
      140,
    ),
    {
      title: '证书请求',
      key: 'key',
      width: 120,
      render: (_, item) =>
        item.blankKey && !item.hasCsr ? (
          <Tooltip title="客户使用空白 KEY：请在柜台插入 KEY，在办理中生成证书请求后发证">
            <Tag color="warning">空白 KEY</Tag>
          </Tooltip>
        ) : (
          <Tag>已有证书请求</Tag>
        ),
    },
    { title: '更新时间', key: 'updated', width: 150, render: (_, item) => formatTime(item.updatedAt) },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_, item) => {
        const move = quickMoveOf(item);
        return (
          <Space size="small">
            {move && (
              <Button
                type="link"
                className="table-link"
                onClick={() => setMoving({ application: item, move })}
              >
                {move.label}
              </Button>
            )}
            <Button type="link" className="table-link" onClick={() => setOpenId(item.id)}>
              办理
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <StaffQueueCard
        read={{
          data: accepted.data?.fromCache ? accepted.data : (ready.data ?? null),
          error: accepted.error ?? ready.error,
          loading: accepted.loading || ready.loading,
          reload,
        }}
        offline={{ what: '发证队列', description: APPLICATION_QUEUE_OFFLINE }}
        search={{
          placeholder: APPLICATION_SEARCH_PLACEHOLDER,
          testId: 'issuance-search',
          onSearch: setSearch,
        }}
        filters={
          <Segmented<IssuanceView>
            value={view}
            onChange={setView}
            options={ISSUANCE_VIEWS.map((option) => ({
              value: option.key,
              label: `${option.label}（${lists[option.key].length}）`,
            }))}
            data-testid="issuance-view"
          />
        }
        table={{
          columns,
          rows: lists[view],
          testId: 'issuance-queue',
          empty: ISSUANCE_VIEWS.find((option) => option.key === view)?.empty,
        }}
      />
      {moving && movingService && (
        <MoveModal
          service={movingService}
          application={moving.application}
          move={moving.move}
          roles={roles}
          onCancel={() => setMoving(null)}
          onDone={(moved) => {
            setMoving(null);
            void message.success(`已办理「${moving.move.label}」，申请单状态为“${moved.stateLabel}”`);
            reload();
          }}
        />
      )}
      <ReviewDrawer id={openId} onClose={() => setOpenId(null)} onMoved={reload} />
    </>
  );
}
