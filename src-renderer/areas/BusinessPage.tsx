import { Link } from 'react-router';
import { Card, Col, Row, Typography } from 'antd';
import { LockOutlined, ProfileOutlined } from '@ant-design/icons';
import { useSession } from '../session/SessionProvider';
import { ComingSoon } from './ComingSoon';

export default function BusinessPage() {
  const { user } = useSession();
  return (
    <>
      <Card className="welcome-card">
        <Typography.Title level={4} className="welcome-title">
          {user?.name ? `${user.name}，欢迎使用证书服务中心` : '欢迎使用证书服务中心'}
        </Typography.Title>
        <Typography.Text type="secondary">
          完善个人资料后，办理业务时将自动填入您的姓名、证件和联系方式。
        </Typography.Text>
        <Row gutter={16} className="welcome-links">
          <Col>
            <Link to="/account/profile">
              <ProfileOutlined /> 完善个人资料
            </Link>
          </Col>
          <Col>
            <Link to="/account/password">
              <LockOutlined /> 修改密码
            </Link>
          </Col>
        </Row>
      </Card>
      <ComingSoon
        title="业务办理"
        headline="业务办理将在服务目录上线后开放"
        description="新证申请、证书续费、证书补办、证书邮寄、考试报名等业务都将在这里办理。"
      />
    </>
  );
}
