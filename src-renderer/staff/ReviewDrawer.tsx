import { useState } from 'react';
import { App, Button, Empty, Space, Tooltip } from 'antd';
import { UsbOutlined } from '@ant-design/icons';
import { getService, type ServiceDef, type TransitionDef } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { ApplicationRecord } from '../applications/ApplicationDetails';
import { RecordDrawer } from '../components/RecordDrawer';
import { useChannel } from '../bridge/useChannel';
import { WriteCertificateModal } from '../key/WriteCertificateModal';
import { needsKeyRequest, writableOnKey } from '../services/keyRequest';
import { useSession } from '../session/SessionProvider';
import { CounterIssueModal } from './CounterIssueModal';
import { MoveModal } from './MoveModal';
import { writeKeyRefusal } from '../applications/drawerActions';
import { offlineMoveRefusal, staffMoves } from './staffMoves';

interface Props {
  id: string | null;
  onClose: () => void;
  onMoved: () => void;
}

/** One application at the desk: what was applied for, its timeline, and the moves this staff member may take. */
export function ReviewDrawer({ id, onClose, onMoved }: Props) {
  const { user } = useSession();
  const { message } = App.useApp();
  const roles = user?.roles ?? [];
  const detail = useChannel('applications.get', id === null ? null : { id });
  const [move, setMove] = useState<TransitionDef | null>(null);
  const [writing, setWriting] = useState(false);
  const application = detail.data?.application ?? null;
  const service = application ? getService(application.service) : undefined;
  // Offline: the kept copy; decisions wait in the outbox, issuing waits for the network, and 写入 KEY
  // works from the issued certificate kept here (else it waits too).
  const offline = detail.data?.fromCache === true;
  const writeRefusal = writeKeyRefusal(offline, detail.data?.certificateKept === true);

  function body(application: ApplicationDetail, service: ServiceDef) {
    const moves = staffMoves(service, application.state, roles);
    // A blank KEY at the counter: the issue move needs the request made on it here.
    const counterIssue = move?.name === 'issue' && needsKeyRequest(service) && !application.hasCsr;
    const moved = (done: ApplicationDetail) => {
      setMove(null);
      void detail.reload();
      void message.success(`已办理「${move?.label ?? '办理'}」，申请单状态为“${done.stateLabel}”`);
      onMoved();
    };
    return (
      <>
        <Space className="drawer-actions" wrap data-testid="staff-moves">
          {writableOnKey(application) && (
            <Tooltip title={writeRefusal}>
              <Button
                icon={<UsbOutlined />}
                disabled={writeRefusal !== null}
                onClick={() => setWriting(true)}
              >
                写入 KEY
              </Button>
            </Tooltip>
          )}
          {moves.length === 0 && !writableOnKey(application) && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前状态下没有您可以办理的操作" />
          )}
          {moves.map((candidate) => {
            const refusal = offlineMoveRefusal(candidate, offline);
            return (
              <Tooltip key={candidate.name} title={refusal}>
                <Button
                  type={candidate.name === 'reject' ? 'default' : 'primary'}
                  danger={candidate.name === 'reject'}
                  disabled={refusal !== null}
                  onClick={() => setMove(candidate)}
                >
                  {candidate.label}
                </Button>
              </Tooltip>
            );
          })}
        </Space>
        <ApplicationRecord service={service} application={application} />
        {move && counterIssue && (
          <CounterIssueModal
            service={service}
            application={application}
            move={move}
            onCancel={() => setMove(null)}
            onDone={moved}
          />
        )}
        {move && !counterIssue && (
          <MoveModal
            service={service}
            application={application}
            move={move}
            roles={roles}
            onCancel={() => setMove(null)}
            onDone={moved}
          />
        )}
        {writing && (
          <WriteCertificateModal
            application={application}
            onClose={() => setWriting(false)}
            onWritten={() => void message.success('证书已写入 KEY，可办理寄出')}
          />
        )}
      </>
    );
  }

  return (
    <RecordDrawer
      open={id !== null}
      onClose={onClose}
      title={application ? `审核 · ${application.serviceName} · ${application.applicantName ?? ''}` : '审核'}
      testId="review-drawer"
      failed={{ title: '申请单加载失败', error: detail.error, onReload: detail.reload }}
    >
      {application && service ? body(application, service) : null}
    </RecordDrawer>
  );
}
