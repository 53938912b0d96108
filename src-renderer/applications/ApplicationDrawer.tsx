import { useState } from 'react';
import { Alert, App, Button, Space, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, RollbackOutlined, UsbOutlined } from '@ant-design/icons';
import { getService, type ServiceDef } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { ipc } from '../bridge';
import { useChannel } from '../bridge/useChannel';
import { asAppError } from '../forms/appError';
import { WriteCertificateModal } from '../key/WriteCertificateModal';
import { ApplicationEditModal } from './ApplicationEditModal';
import { RecordDrawer } from '../components/RecordDrawer';
import { ApplicationRecord } from './ApplicationDetails';
import { PrintApplicationFormButton } from './PrintApplicationFormButton';
import { drawerActions } from './drawerActions';

interface Props {
  id: string | null;
  onClose: () => void;
  /** The application changed or is gone: the list reloads. */
  onChanged: () => void;
}

/**
 * One of my applications: what was applied for, its timeline, and what I may still do with it. Offline
 * the kept copy is shown; edits, withdrawals and deletions are kept here and synced later.
 */
export function ApplicationDrawer({ id, onClose, onChanged }: Props) {
  const { modal, message } = App.useApp();
  const detail = useChannel('applications.get', id === null ? null : { id });
  const [editing, setEditing] = useState(false);
  const [writing, setWriting] = useState(false);
  const application = detail.data?.application ?? null;
  const service = application ? getService(application.service) : undefined;
  const offline = detail.data?.fromCache === true;

  function refused(error: unknown) {
    const appError = asAppError(error);
    void modal.error({ title: '操作未完成', content: appError.message });
    detail.reload();
  }

  function confirmWithdraw(current: ApplicationDetail) {
    modal.confirm({
      title: '撤回申请',
      content: `确定撤回这份“${current.serviceName}”申请吗？撤回后不再审核，可删除或重新申请。`,
      okText: '撤回申请',
      cancelText: '取消',
      onOk: async () => {
        try {
          await ipc.invoke('applications.transition', {
            id: current.id,
            name: 'withdraw',
            version: current.version,
          });
          void detail.reload();
          void message.success(offline ? '已在本机撤回申请，联网后自动同步' : '申请已撤回');
          onChanged();
        } catch (error) {
          refused(error);
        }
      },
    });
  }

  function confirmDelete(current: ApplicationDetail) {
    modal.confirm({
      title: '删除申请单',
      content: `确定删除这份“${current.serviceName}”申请单吗？删除后不能恢复。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await ipc.invoke('applications.delete', { id: current.id, version: current.version });
          void message.success(offline ? '已在本机删除申请单，联网后自动同步' : '申请单已删除');
          onChanged();
          onClose();
        } catch (error) {
          refused(error);
        }
      },
    });
  }

  function body(application: ApplicationDetail, service: ServiceDef) {
    const actions = drawerActions(service, application, offline, detail.data?.certificateKept === true);
    const editRefusal = actions.edit.disabledReason;
    return (
      <>
        <Space className="drawer-actions" wrap>
          <PrintApplicationFormButton application={application} />
          <Tooltip title={editRefusal}>
            <Button icon={<EditOutlined />} disabled={editRefusal !== null} onClick={() => setEditing(true)}>
              编辑
            </Button>
          </Tooltip>
          {actions.withdraw.shown && (
            <Button icon={<RollbackOutlined />} onClick={() => confirmWithdraw(application)}>
              撤回
            </Button>
          )}
          {actions.writeKey.shown && (
            <Tooltip title={actions.writeKey.disabledReason}>
              <Button
                icon={<UsbOutlined />}
                disabled={actions.writeKey.disabledReason !== null}
                onClick={() => setWriting(true)}
              >
                写入 KEY
              </Button>
            </Tooltip>
          )}
          {actions.delete.shown && (
            <Button danger icon={<DeleteOutlined />} onClick={() => confirmDelete(application)}>
              删除
            </Button>
          )}
        </Space>
        {editRefusal !== null && (
          <Alert className="page-alert" type="info" showIcon title={editRefusal} data-testid="edit-refusal" />
        )}
        <ApplicationRecord service={service} application={application} />
        {writing && <WriteCertificateModal application={application} onClose={() => setWriting(false)} />}
        {editing && (
          <ApplicationEditModal
            service={service}
            application={application}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              void detail.reload();
              onChanged();
            }}
          />
        )}
      </>
    );
  }

  return (
    <RecordDrawer
      open={id !== null}
      onClose={onClose}
      title={application ? `申请单 · ${application.serviceName}` : '申请单'}
      testId="application-drawer"
      failed={{ title: '申请单加载失败', error: detail.error, onReload: detail.reload }}
    >
      {application && service ? body(application, service) : null}
    </RecordDrawer>
  );
}
