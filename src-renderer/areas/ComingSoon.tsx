import type { ReactNode } from 'react';
import { Card, Empty, Typography } from 'antd';

interface Props {
  title: string;
  /** What will open, and when. */
  headline: string;
  description: ReactNode;
}

/** An area whose features arrive in a later release: says so plainly, shows no made-up data. */
export function ComingSoon({ title, headline, description }: Props) {
  return (
    <>
      <Typography.Title level={4} className="page-title">
        {title}
      </Typography.Title>
      <Card>
        <Empty
          className="coming-soon"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <Typography.Text strong>{headline}</Typography.Text>
              <Typography.Paragraph type="secondary" className="coming-soon-text">
                {description}
              </Typography.Paragraph>
            </>
          }
        />
      </Card>
    </>
  );
}
