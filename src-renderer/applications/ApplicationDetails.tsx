import { Descriptions, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ACTOR_ROLES, stateLabel, type ServiceDef } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { displayValue, formatTime, shownFields } from './applicationView';
import { StateTag } from './StateTag';
import { displayNumber } from '../records/recordNumber';
import { LocalSyncTag } from '../sync/LocalSyncTag';
import { feeShown } from './drawerActions';

/** The mark of what this computer did and the centre has not seen yet. */
function PendingMark({ hint }: { hint: string }) {
  return (
    <Tooltip title={hint}>
      <Tag color="processing" className="pending-mark">
        待同步
      </Tag>
    </Tooltip>
  );
}

/** What was applied for: the form's fields as the catalogue labels them, and the uploads. */
export function ApplicationFields({
  service,
  application,
}: {
  service: ServiceDef;
  application: ApplicationDetail;
}) {
  const uploaded = new Set(Object.keys(application.attachments));
  const fee = feeShown(application);
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={1}
        data-testid="application-fields"
        items={[
          {
            key: 'state',
            label: '状态',
            children: (
              <>
                <StateTag service={application.service} state={application.state} />
                <LocalSyncTag record={application} />
              </>
            ),
          },
          { key: 'number', label: '申请单号', children: displayNumber(application) },
          ...(application.orderId
            ? [{ key: 'order', label: '订单号', children: application.orderNumber ?? '待分配' }]
            : []),
          ...shownFields(service).map((field) => ({
            key: field.key,
            label: field.label,
            children: displayValue(field, application.values[field.key]),
          })),
          ...(fee
            ? [
                {
                  key: 'fee',
                  label: '费用',
                  children: (
                    <span data-testid="application-fee">
                      {fee.text}
                      {fee.pending && <PendingMark hint="按收费标准计算，提交到证书服务中心后以中心的为准" />}
                    </span>
                  ),
                },
              ]
            : []),
          { key: 'submitted', label: '提交时间', children: formatTime(application.submittedAt) },
          ...(application.trackingNumber
            ? [{ key: 'tracking', label: '快递单号', children: application.trackingNumber }]
            : []),
        ]}
      />
      {service.attachments.length > 0 && (
        <>
          <Typography.Title level={5} className="drawer-section">
            上传材料
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={service.attachments.map((rule) => ({
              key: rule.key,
              label: rule.label,
              children: uploaded.has(rule.key) ? <Tag color="success">已上传</Tag> : <Tag>未上传</Tag>,
            }))}
          />
        </>
      )}
    </>
  );
}

/** Every move of the application: who, when, from which state to which, and the feedback given. */
export function ApplicationTimeline({
  service,
  application,
}: {
  service: ServiceDef;
  application: ApplicationDetail;
}) {
  return (
    <Timeline
      data-testid="application-timeline"
      items={application.timeline.map((step, index) => ({
        key: `${step.at}-${index}`,
        color:
          step.transition === 'reject' ? 'red' : index === application.timeline.length - 1 ? 'blue' : 'gray',
        content: (
          <div className="timeline-step">
            <div>
              <Typography.Text strong>{step.label}</Typography.Text>
              <Typography.Text type="secondary"> → {stateLabel(service, step.to)}</Typography.Text>
              {step.pending && <PendingMark hint="在本机办理，尚未提交到证书服务中心，联网后自动同步" />}
            </div>
            <Typography.Text type="secondary" className="timeline-meta">
              {ACTOR_ROLES[step.actor.role]} {step.actor.name} · {formatTime(step.at)}
            </Typography.Text>
            {step.feedback && <div className="timeline-feedback">审核意见：{step.feedback}</div>}
            {step.trackingNumber && <div className="timeline-feedback">快递单号：{step.trackingNumber}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** What was applied for, then 办理进度: the body of an application in the applicant's and the staff's drawers. */
export function ApplicationRecord({
  service,
  application,
}: {
  service: ServiceDef;
  application: ApplicationDetail;
}) {
  return (
    <>
      <ApplicationFields service={service} application={application} />
      <Typography.Title level={5} className="drawer-section">
        办理进度
      </Typography.Title>
      <ApplicationTimeline service={service} application={application} />
    </>
  );
}
