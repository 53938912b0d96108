import { Descriptions, Typography } from 'antd';
import { formatYuan, type ServiceCode } from '../../src-shared/catalogue';
import {
  CENTRE_DETAILS,
  DEMO_NOTICE,
  REMITTANCE_NOTE_HINT,
  remittanceNote,
} from '../../src-shared/print/centre';
import { whatToPostFor } from '../../src-shared/print/postage';
import type { Order } from '../../src-shared/schemas/order';

/**
 * What to do after ordering (seed 003), as the 回执 prints it: for a transfer the payee account and
 * the order number as remittance note; what to post with the 回执, and where to.
 */
export function OrderNextSteps({ order, services }: { order: Order; services: readonly ServiceCode[] }) {
  const { payee, postal } = CENTRE_DETAILS;
  const toPost = whatToPostFor(services);
  return (
    <div data-testid="order-next-steps">
      {order.paymentMethod === 'transfer' && (
        <>
          <Typography.Title level={5} className="drawer-section">
            对公转账
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'name', label: '户名', children: payee.accountName },
              { key: 'bank', label: '开户行', children: payee.bank },
              { key: 'account', label: '账号', children: payee.accountNumber },
              { key: 'amount', label: '汇款金额', children: formatYuan(order.amountFen) },
              {
                key: 'note',
                label: '汇款备注',
                children: (
                  <Typography.Text strong copyable={order.number ? { text: order.number } : false}>
                    {REMITTANCE_NOTE_HINT}：{remittanceNote(order)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </>
      )}
      {toPost.length > 0 && (
        <>
          <Typography.Title level={5} className="drawer-section">
            需要邮寄的材料
          </Typography.Title>
          <Typography.Paragraph>
            请打印回执，与以下材料一同寄往：{postal.address}（邮编 {postal.postalCode}，{postal.recipient}，
            {postal.phone}）
          </Typography.Paragraph>
          <ol className="post-list">
            {toPost.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ol>
        </>
      )}
      {CENTRE_DETAILS.demo && <Typography.Text type="secondary">注：{DEMO_NOTICE}。</Typography.Text>}
    </div>
  );
}
