import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Radio,
  Row,
  Skeleton,
  Space,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { formatYuan } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { Application } from '../../src-shared/schemas/application';
import {
  invoiceDetailsSchema,
  mailingDetailsSchema,
  type InvoiceDetails,
  type MailingDetails,
  type Order,
  type PaymentMethod,
} from '../../src-shared/schemas/order';
import { contactPhoneField } from '../../src-shared/schemas/fields';
import { useChannel } from '../bridge/useChannel';
import { StateTag } from '../applications/StateTag';
import { summaryOf } from '../applications/applicationView';
import { ipc } from '../bridge';
import { FormError } from '../components/FormError';
import { useFormSubmit } from '../forms/useFormSubmit';
import { zodRule } from '../forms/zodRule';
import type { PickedFile } from '../services/serviceForm';
import { useApiOnline } from '../session/useConnectivity';
import { OrderPlaced } from './OrderPlaced';
import { isPayable, methodOptions, orderDefaults, selectionRefusal, totalOf } from './orderView';
import { uploadSlip } from './slip';
import { SlipInput } from './SlipInput';
import { LoadFailedAlert } from '../components/LoadFailedAlert';
import { displayNumber } from '../records/recordNumber';

interface OrderFormValues {
  paymentMethod: PaymentMethod;
  invoice: InvoiceDetails;
  mailing: MailingDetails;
  contactPhone: string;
  slip?: PickedFile;
}

const invoiceRules = invoiceDetailsSchema.shape;
const mailingRules = mailingDetailsSchema.shape;

/** Where 下单缴费 was asked for with applications already chosen (SubmittedStep, 申请单管理). */
function chosenIds(state: unknown): string[] {
  const ids = (state as { applicationIds?: unknown } | null)?.applicationIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * 下单缴费 (seed 003): pick submitted applications of one enterprise, the payment method (在线支付 only
 * for renewals), invoice and mailing details filled from the profile, and the 汇款底单 now or later.
 */
export default function PlaceOrderPage() {
  const location = useLocation();
  const applications = useChannel('applications.list');
  const profile = useChannel('profile.get');
  const online = useApiOnline();
  const [form] = Form.useForm<OrderFormValues>();
  const orderId = useRef(crypto.randomUUID());
  const [placed, setPlaced] = useState<Order | null>(null);

  const payable = useMemo(() => (applications.data?.items ?? []).filter(isPayable), [applications.data]);
  const [selectedIds, setSelectedIds] = useState<string[] | null>(null);
  // Until the person changes it: what they came here with, where still payable.
  const selectedKeys =
    selectedIds ?? chosenIds(location.state).filter((id) => payable.some((item) => item.id === id));
  const selected = payable.filter((item) => selectedKeys.includes(item.id));
  const refusal = selected.length > 0 ? selectionRefusal(selected) : null;
  const methods = methodOptions(selected);
  const method = Form.useWatch('paymentMethod', form) ?? 'transfer';
  const loaded = applications.data !== null && (profile.data !== null || profile.error !== null);

  // The invoice and mailing details follow the selection until the person types their own.
  const defaults = orderDefaults(profile.data?.profile ?? null, selected);
  const defaultsKey = JSON.stringify(defaults);
  useEffect(() => {
    if (!loaded) return;
    const patch = JSON.parse(defaultsKey) as ReturnType<typeof orderDefaults>;
    const untouched = (name: string[]) =>
      !form.isFieldTouched(name as Parameters<typeof form.isFieldTouched>[0]);
    form.setFieldsValue({
      invoice: Object.fromEntries(
        Object.entries(patch.invoice).filter(([key]) => untouched(['invoice', key])),
      ) as InvoiceDetails,
      mailing: Object.fromEntries(
        Object.entries(patch.mailing).filter(([key]) => untouched(['mailing', key])),
      ) as MailingDetails,
      ...(untouched(['contactPhone']) && patch.contactPhone ? { contactPhone: patch.contactPhone } : {}),
    });
  }, [loaded, defaultsKey, form]);

  // A method the selection no longer allows goes back to 对公转账.
  useEffect(() => {
    if (methods.find((option) => option.value === method)?.refusal)
      form.setFieldValue('paymentMethod', 'transfer');
  }, [methods, method, form]);

  const submit = useFormSubmit(
    form,
    async (values: OrderFormValues) => {
      const reason = selectionRefusal(selected);
      if (reason) throw new AppError('VALIDATION', reason);
      const methodRefusal = methods.find((option) => option.value === values.paymentMethod)?.refusal;
      if (methodRefusal) throw new AppError('VALIDATION', methodRefusal);
      const slipUploadId =
        values.paymentMethod === 'transfer' && values.slip ? await uploadSlip(values.slip) : undefined;
      return ipc.invoke('orders.create', {
        id: orderId.current,
        applicationIds: selected.map((item) => item.id),
        paymentMethod: values.paymentMethod,
        invoice: values.invoice,
        mailing: values.mailing,
        contactPhone: values.contactPhone,
        ...(slipUploadId ? { slipUploadId } : {}),
      });
    },
    {
      onSuccess: (order) => {
        setPlaced(order);
        window.scrollTo({ top: 0 });
      },
    },
  );

  const columns: TableColumnsType<Application> = [
    { title: '申请单号', key: 'number', width: 150, render: (_, item) => displayNumber(item) },
    { title: '业务', dataIndex: 'serviceName', width: 130 },
    { title: '申请信息', key: 'summary', ellipsis: true, render: (_, item) => summaryOf(item) },
    {
      title: '状态',
      key: 'state',
      width: 110,
      render: (_, item) => <StateTag service={item.service} state={item.state} />,
    },
    { title: '费用', key: 'fee', width: 110, align: 'right', render: (_, item) => formatYuan(item.feeFen) },
  ];

  const header = (
    <>
      <Space className="page-back">
        <Link to="/orders">
          <ArrowLeftOutlined /> 返回订单管理
        </Link>
      </Space>
      <Typography.Title level={4} className="page-title">
        下单缴费
      </Typography.Title>
    </>
  );

  if (placed) {
    return (
      <div data-page="place-order">
        {header}
        <OrderPlaced order={placed} applications={selected} onChanged={setPlaced} />
      </div>
    );
  }

  return (
    <div data-page="place-order">
      {header}
      <Typography.Paragraph type="secondary">
        勾选需要缴费的申请单（可多选，但必须属于同一家企业），填写发票与邮寄信息后提交订单。证书办理方式为邮寄领取。
      </Typography.Paragraph>
      {applications.error && !applications.data && (
        <LoadFailedAlert error={applications.error} onRetry={applications.reload} />
      )}
      {!loaded ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Form
          form={form}
          layout="vertical"
          name="place-order"
          initialValues={{ paymentMethod: 'transfer' }}
          onFinish={submit.onFinish}
          disabled={submit.pending}
        >
          <Card className="section-card" title="选择申请单" data-testid="order-applications">
            <Table
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={payable}
              pagination={false}
              rowSelection={{
                selectedRowKeys: selectedKeys,
                onChange: (keys) => setSelectedIds(keys.map(String)),
              }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={
                      <>
                        没有待缴费的申请单，<Link to="/business">去办理业务</Link>
                      </>
                    }
                  />
                ),
              }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={4}>
                    已选 {selected.length} 个申请单
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong data-testid="order-total">
                      合计 {formatYuan(totalOf(selected))}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            {refusal && selected.length > 1 && (
              <Alert
                className="table-alert"
                type="error"
                showIcon
                title={refusal}
                data-testid="mixed-refusal"
              />
            )}
          </Card>

          <Card className="section-card" title="缴费方式">
            <Form.Item name="paymentMethod" rules={[{ required: true, message: '请选择缴费方式' }]}>
              <Radio.Group>
                {methods.map((option) => (
                  <Tooltip key={option.value} title={option.refusal ?? undefined}>
                    <Radio value={option.value} disabled={option.refusal !== null}>
                      {option.label}
                    </Radio>
                  </Tooltip>
                ))}
              </Radio.Group>
            </Form.Item>
            <Typography.Text type="secondary">
              {methods.find((option) => option.value === 'online')?.refusal ??
                '在线支付完成后自动开具电子发票。'}
            </Typography.Text>
          </Card>

          <Card className="section-card" title="发票信息">
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Form.Item name={['invoice', 'title']} label="发票抬头" rules={[zodRule(invoiceRules.title)]}>
                  <Input placeholder="企业名称或个人姓名" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['invoice', 'taxpayerNumber']}
                  label="纳税人识别号"
                  rules={[zodRule(invoiceRules.taxpayerNumber)]}
                >
                  <Input placeholder="统一社会信用代码" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['invoice', 'email']}
                  label="电子邮箱"
                  rules={[zodRule(invoiceRules.email)]}
                  extra="用于接收电子发票"
                >
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text type="warning">
              请确保发票抬头、纳税人识别号准确，否则影响发票开具。
            </Typography.Text>
          </Card>

          <Card className="section-card" title="邮寄信息">
            <Row gutter={24}>
              <Col xs={24}>
                <Form.Item
                  name={['mailing', 'address']}
                  label="邮寄地址"
                  rules={[zodRule(mailingRules.address)]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['mailing', 'recipient']}
                  label="收件人"
                  rules={[zodRule(mailingRules.recipient)]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name={['mailing', 'phone']}
                  label="收件人电话"
                  rules={[zodRule(mailingRules.phone)]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="contactPhone"
                  label="联系电话"
                  rules={[zodRule(contactPhoneField)]}
                  extra="领取证书人员的电话，办理进度将发送到该号码"
                >
                  <Input />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          {method === 'transfer' && (
            <Card className="section-card" title="汇款底单（可稍后上传）">
              <SlipInput required={false} extra="没有汇款底单可先提交订单，之后在“订单管理”中上传" />
            </Card>
          )}

          <FormError error={submit.error} onClose={submit.clearError} />
          <Space className="form-actions">
            <Typography.Text>
              应付金额 <Typography.Text strong>{formatYuan(totalOf(selected))}</Typography.Text>
            </Typography.Text>
            <Button
              type="primary"
              htmlType="submit"
              loading={submit.pending}
              disabled={online === false || selected.length === 0}
            >
              提交订单
            </Button>
          </Space>
        </Form>
      )}
    </div>
  );
}
