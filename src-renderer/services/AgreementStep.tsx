import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Space, Typography } from 'antd';
import { agreementText } from './agreements';

interface Props {
  title: string;
  onAccept: () => void;
  onBack: () => void;
}

/** Read the 协议书 and accept it before the form opens (seed 003). */
export function AgreementStep({ title, onAccept, onBack }: Props) {
  const [accepted, setAccepted] = useState(false);
  const clauses = agreementText(title);
  return (
    <Card title={`《${title}》`} data-testid="agreement">
      {clauses ? (
        <div className="agreement-text">
          {clauses.map((clause) => (
            <Typography.Paragraph key={clause}>{clause}</Typography.Paragraph>
          ))}
        </div>
      ) : (
        <Alert
          type="warning"
          showIcon
          title={`《${title}》的正文未能载入`}
          description="请联系客服索取协议全文，阅读后再勾选同意。"
        />
      )}
      <div className="agreement-accept">
        <Checkbox checked={accepted} onChange={(event) => setAccepted(event.target.checked)}>
          我已阅读并同意《{title}》
        </Checkbox>
      </div>
      <Space className="form-actions">
        <Button onClick={onBack}>返回</Button>
        <Button type="primary" disabled={!accepted} onClick={onAccept}>
          下一步
        </Button>
      </Space>
    </Card>
  );
}
