import { Alert, Button, Card, Image, Skeleton, Space, Typography } from 'antd';
import { ExportOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useChannel } from '../bridge/useChannel';
import { dataUrlOf, openFile } from '../files/files';

/** An uploaded file, read with the session: an image shown inline (click to enlarge), a PDF to open. */
export function UploadPreview({ id, label }: { id: string; label: string }) {
  const file = useChannel('uploads.get', { id });
  if (file.error) {
    return (
      <Alert
        type="warning"
        showIcon
        title={`${label}加载失败：${file.error.message}`}
        action={<Button onClick={file.reload}>重试</Button>}
      />
    );
  }
  if (!file.data) return <Skeleton.Node active className="upload-preview-loading" />;
  const content = file.data;
  if (content.kind === 'pdf') {
    return (
      <Card size="small" className="upload-preview-pdf" data-testid="upload-preview" data-kind="pdf">
        <Space>
          <FilePdfOutlined className="upload-preview-pdf-icon" />
          <Typography.Text>{content.fileName}</Typography.Text>
          <Button icon={<ExportOutlined />} onClick={() => openFile(content)}>
            打开 PDF
          </Button>
        </Space>
      </Card>
    );
  }
  return (
    <div className="upload-preview" data-testid="upload-preview" data-kind={content.kind}>
      <Image
        src={dataUrlOf(content)}
        alt={`${label}：${content.fileName}`}
        className="upload-preview-image"
      />
      <Typography.Text type="secondary" className="upload-preview-name">
        {content.fileName}（点击图片放大）
      </Typography.Text>
    </div>
  );
}
