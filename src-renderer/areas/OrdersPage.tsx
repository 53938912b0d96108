import { ComingSoon } from './ComingSoon';

export default function OrdersPage() {
  return (
    <ComingSoon
      title="订单管理"
      headline="订单管理将在缴费功能上线后开放"
      description="届时可为同一企业的多张申请单合并下单、上传汇款底单、查看核款进度并下载电子发票。"
    />
  );
}
