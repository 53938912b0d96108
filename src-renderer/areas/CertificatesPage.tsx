import { ComingSoon } from './ComingSoon';

export default function CertificatesPage() {
  return (
    <ComingSoon
      title="证书管理"
      headline="证书管理将在 USB KEY 功能上线后开放"
      description="届时插入 USB KEY 即可读取证书、绑定证书（需输入 KEY 的 PIN 码）并查看有效期；过期超过 90 天的证书将被吊销。"
    />
  );
}
