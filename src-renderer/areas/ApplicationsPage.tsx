import { ComingSoon } from './ComingSoon';

export default function ApplicationsPage() {
  return (
    <ComingSoon
      title="申请单管理"
      headline="申请单管理将在业务办理上线后开放"
      description="您提交的申请单会列在这里：查看办理进度（待审核 → 申请受理中 → 可领取 → 已寄出），在待审核时编辑或撤回，并打印申请表。"
    />
  );
}
