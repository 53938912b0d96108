import { Modal, Typography } from 'antd';

export type TermsDocument = 'service' | 'notice';

const DOCUMENTS: Record<TermsDocument, { title: string; paragraphs: string[] }> = {
  service: {
    title: '服务条款',
    paragraphs: [
      '一、证书服务中心为注册用户提供数字证书（USB KEY）新办、续费、补办、邮寄及考试证书相关业务的网上办理服务。',
      '二、用户应保证注册及申请时提交的姓名、证件号码、联系方式和上传材料真实、准确、完整；因信息不实造成的后果由用户承担。',
      '三、用户应妥善保管账号密码和 USB KEY 的 PIN 码，不得转借他人使用；发现账号被盗用应立即修改密码并联系服务中心。',
      '四、证书过期超过 90 天将被吊销，请在有效期内及时办理续费。',
      '五、服务中心依法保护用户个人信息，仅将其用于办理用户申请的业务，不向无关第三方提供。',
    ],
  },
  notice: {
    title: '用户须知',
    paragraphs: [
      '1. 一个身份证号、一个手机号只能注册一个账号。',
      '2. 证件类型、证件号码和出生日期在注册后不可修改；其他资料可在“个人中心 → 个人资料”中维护。',
      '3. 申请单提交后，可在“申请单管理”中查看办理进度；待审核的申请单可以修改或撤回。',
      '4. 请按页面提示上传清晰的扫描件或照片，材料不符合要求的申请将被退回。',
    ],
  },
};

/** The short terms shown from the registration checkbox. */
export function TermsModal({ document, onClose }: { document: TermsDocument | null; onClose: () => void }) {
  const content = document ? DOCUMENTS[document] : null;
  return (
    <Modal
      open={content !== null}
      title={content?.title}
      onCancel={onClose}
      onOk={onClose}
      okText="我知道了"
      footer={(_, { OkBtn }) => <OkBtn />}
    >
      {content?.paragraphs.map((text) => (
        <Typography.Paragraph key={text}>{text}</Typography.Paragraph>
      ))}
    </Modal>
  );
}
