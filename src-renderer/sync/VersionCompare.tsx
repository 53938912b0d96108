import { Col, Descriptions, Empty, Row, Typography } from 'antd';
import type { SyncQueueItem } from '../../src-shared/schemas/desktopSync';
import { differingKeys, fieldLabelsOf, transitionVersions, versionRows, type VersionRow } from './syncView';

function VersionCard({
  title,
  rows,
  marked,
  testId,
}: {
  title: string;
  rows: VersionRow[];
  marked: Set<string>;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="服务器上没有这条记录" />
      ) : (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={rows.map((row) => ({
            key: row.key || row.label,
            label: row.label,
            children: marked.has(row.key) ? <Typography.Text mark>{row.text}</Typography.Text> : row.text,
          }))}
        />
      )}
    </div>
  );
}

/** 我的版本 (what was entered here) beside 服务器版本 (the record the server keeps); differing fields marked. */
export function VersionCompare({ item }: { item: SyncQueueItem }) {
  const labels = fieldLabelsOf(item);
  const { mine, server } = transitionVersions(item) ?? {
    mine: versionRows(item.mine, labels),
    server: versionRows(item.server, labels),
  };
  const marked = differingKeys(mine, server);
  return (
    <Row gutter={24}>
      <Col xs={24} md={12}>
        <VersionCard title="我的版本" rows={mine} marked={marked} testId="sync-mine" />
      </Col>
      <Col xs={24} md={12}>
        <VersionCard title="服务器版本" rows={server} marked={marked} testId="sync-server" />
      </Col>
    </Row>
  );
}
