import { Link, useNavigate } from 'react-router';
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { LockOutlined, ProfileOutlined, RightOutlined } from '@ant-design/icons';
import { feeOf, formatYuan, type ServiceDef } from '../../src-shared/catalogue';
import { useSession } from '../session/SessionProvider';
import { servicesByGroup } from './serviceList';

function FeeTag({ service }: { service: ServiceDef }) {
  const { fen } = feeOf(service.code);
  return fen === 0 ? <Tag>免费</Tag> : <Tag color="blue">{formatYuan(fen)}</Tag>;
}

function ServiceCard({ service, onOpen }: { service: ServiceDef; onOpen: () => void }) {
  return (
    <Card
      hoverable
      className="service-card"
      onClick={onOpen}
      data-service={service.code}
      title={service.name}
      extra={<FeeTag service={service} />}
    >
      <Typography.Paragraph type="secondary" className="service-card-summary" ellipsis={{ rows: 2 }}>
        {service.summary}
      </Typography.Paragraph>
      <span className="service-card-go">
        立即办理 <RightOutlined />
      </span>
    </Card>
  );
}

/** 业务办理: every service of the catalogue this account may apply for, by group. */
export default function ServicesPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const groups = servicesByGroup(user?.roles ?? []);

  return (
    <>
      <Card className="welcome-card">
        <Typography.Title level={4} className="welcome-title">
          {user?.name ? `${user.name}，欢迎使用证书服务中心` : '欢迎使用证书服务中心'}
        </Typography.Title>
        <Typography.Text type="secondary">
          选择要办理的业务。完善个人资料后，申请表会自动填入您的姓名、证件、企业和联系方式。
        </Typography.Text>
        <Space size="large" className="welcome-links">
          <Link to="/account/profile">
            <ProfileOutlined /> 完善个人资料
          </Link>
          <Link to="/account/password">
            <LockOutlined /> 修改密码
          </Link>
        </Space>
      </Card>
      {groups.length === 0 && <Empty description="当前账号没有可办理的业务" />}
      {groups.map(({ group, services }) => (
        <section key={group} className="service-group" data-group={group}>
          <Typography.Title level={5} className="service-group-title">
            {group}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {services.map((service) => (
              <Col key={service.code} xs={24} md={12} xl={8}>
                <ServiceCard service={service} onOpen={() => navigate(`/business/${service.code}`)} />
              </Col>
            ))}
          </Row>
        </section>
      ))}
    </>
  );
}
