import { useNavigate } from 'react-router';
import { Button, Descriptions, Result } from 'antd';
import dayjs from 'dayjs';
import type { ApplicationDetail } from '../../src-shared/schemas/application';
import { PrintApplicationFormButton } from '../applications/PrintApplicationFormButton';
import { StateTag } from '../applications/StateTag';
import { displayNumber } from '../records/recordNumber';
import { feeShown } from '../applications/drawerActions';
import { LocalSyncTag } from '../sync/LocalSyncTag';

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
  const fee = feeShown(application);
  // Made offline: kept here until the centre has it; paying waits for that.
  const kept = application.number === null;
  const payable = fee !== null && !kept;
  return (
    <Result
      status="success"
      title={kept ? '申请单已保存在本机' : '申请单已提交'}
      subTitle={
        kept
          ? '联网后自动提交到证书服务中心（待同步）；可在“申请单管理”中查看、编辑或撤回。'
          : '可在“申请单管理”中查看办理进度；待审核期间可编辑或撤回。'
      }
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
            children: (
              <>
                <StateTag service={application.service} state={application.state} />
                {kept && <LocalSyncTag record={{ sync: 'pending' }} />}
              </>
            ),
          },
          { key: 'number', label: '申请单号', children: displayNumber(application) },
          {
            key: 'at',
            label: '提交时间',
            children: application.submittedAt
              ? dayjs(application.submittedAt).format('YYYY-MM-DD HH:mm')
              : '—',
          },
          ...(fee
            ? [
                {
                  key: 'fee',
                  label: '费用',
                  children: kept ? `${fee.text}（按收费标准计算，待同步）` : fee.text,
                },
              ]
            : []),
        ]}
      />
    </Result>
  );
}
