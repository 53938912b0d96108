import { Descriptions, Drawer, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CertificateDetails, NameInfo } from '../../src-shared/schemas/key';
import { daysLeftText, ExpiryTag } from './ExpiryTag';

function nameItems(prefix: string, name: NameInfo) {
  const rows: [string, string | null][] = [
    ['通用名称（CN）', name.commonName],
    ['单位（O）', name.organization],
    ['部门（OU）', name.organizationalUnit],
    ['统一社会信用代码', name.creditCode],
    ['身份证号', name.idNumber],
    ['序列号（serialNumber）', name.serialNumber],
    ['国家（C）', name.country],
    ['省份（ST）', name.province],
    ['城市（L）', name.locality],
    ['电子邮箱', name.email],
  ];
  return rows
    .filter(([, value]) => value !== null && value !== '')
    .map(([label, value]) => ({ key: `${prefix}-${label}`, label, children: value }));
}

const ALGORITHMS: Record<CertificateDetails['keyAlgorithm'], string> = {
  RSA: 'RSA',
  EC: 'ECC（椭圆曲线）',
  other: '其他',
};

const dateTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

/** Every field of one certificate. */
export function CertificateDrawer({
  certificate,
  onClose,
}: {
  certificate: CertificateDetails | null;
  onClose: () => void;
}) {
  return (
    <Drawer
      open={certificate !== null}
      onClose={onClose}
      title="证书详情"
      size={560}
      closable={{ placement: 'end' }}
      destroyOnHidden
      data-testid="certificate-drawer"
    >
      {certificate && (
        <>
          <Descriptions
            title="有效期"
            size="small"
            column={1}
            bordered
            items={[
              { key: 'state', label: '状态', children: <ExpiryTag expiry={certificate.expiry} /> },
              { key: 'from', label: '生效时间', children: dateTime(certificate.notBefore) },
              { key: 'to', label: '到期时间', children: dateTime(certificate.notAfter) },
              { key: 'left', label: '剩余天数', children: daysLeftText(certificate.daysLeft) },
            ]}
          />
          <Descriptions
            className="drawer-section"
            title="持有人（主题）"
            size="small"
            column={1}
            bordered
            items={nameItems('subject', certificate.subject)}
          />
          <Descriptions
            className="drawer-section"
            title="颁发者"
            size="small"
            column={1}
            bordered
            items={nameItems('issuer', certificate.issuer)}
          />
          <Descriptions
            className="drawer-section"
            title="技术信息"
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'serial',
                label: '证书序列号',
                children: (
                  <Typography.Text copyable code>
                    {certificate.serialNumber}
                  </Typography.Text>
                ),
              },
              { key: 'alg', label: '密钥算法', children: ALGORITHMS[certificate.keyAlgorithm] },
              {
                key: 'fp',
                label: 'SHA-256 指纹',
                children: (
                  <Typography.Text copyable className="fingerprint">
                    {certificate.fingerprint}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
