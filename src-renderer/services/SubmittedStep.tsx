import { useNavigate } from 'react-router';
import { Button, Descriptions, Result } from 'antd';
import dayjs from 'dayjs';
import { formatYuan } from '../../src-shared/catalogue';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { PrintApplicationFormButton } from '../applications/PrintApplicationFormButton';
import { StateTag } from '../applications/StateTag';
import { displayNumber } from '../records/recordNumber';

interface Props {
  application: ApplicationDetail;
  /** 继续申请: a new, empty application of the same service. */
  onContinue: () => void;
}

/**
 * After submitting (seed 003): 打印申请表 (also later from 申请单管理), 继续申请 for another certificate,
 * or 下单缴费 for what was applied for.
 */
export function SubmittedStep({ application, onContinue }: Props) {
  const navigate = useNavigate();
  const payable = application.feeFen > 0;
  return (
    <Result
      status="success"
      title="申请单已提交"
      subTitle="可在“申请单管理”中查看办理进度；待审核期间可编辑或撤回。"
      data-testid="application-submitted"
      extra={[
        <Button key="continue" onClick={onContinue}>
          继续申请
        </Button>,
        <PrintApplicationFormButton key="print" application={application} />,
        <Button key="view" onClick={() => navigate(`/applications?open=${application.id}`)}>
          查看申请单
        </Button>,
        payable && (
          <Button
            key="pay"
            type="primary"
            onClick={() => navigate('/orders/new', { state: { applicationIds: [application.id] } })}
          >
            下单缴费
          </Button>
        ),
      ]}
    >
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'service', label: '业务', children: application.serviceName },
          {
            key: 'state',
            label: '状态',
            children: <StateTag service={application.service} state={application.state} />,
          },
          { key: 'number', label: '申请单号', children: displayNumber(application) },
          {
            key: 'at',
            label: '提交时间',
            children: application.submittedAt
              ? dayjs(application.submittedAt).format('YYYY-MM-DD HH:mm')
              : '—',
          },
          ...(payable ? [{ key: 'fee', label: '费用', children: formatYuan(application.feeFen) }] : []),
        ]}
      />
    </Result>
  );
}
