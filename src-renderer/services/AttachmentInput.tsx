import { Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { checkAttachment, FILE_KINDS, formatBytes, type AttachmentRule } from '../../src-shared/catalogue';
import { acceptOf, isStoredFile, type AttachmentValue } from './serviceForm';

interface Props {
  rule: AttachmentRule;
  /** Set by Form.Item. */
  value?: AttachmentValue;
  onChange?: (value: AttachmentValue | undefined) => void;
  /** The file was refused by its content, size or pixel size: the reason, in Chinese. */
  onRefused: (reason: string) => void;
  disabled?: boolean;
}

/**
 * One upload of an application: the file is judged here by its bytes (type, size, pixel size) with the
 * catalogue's own rule before anything is sent; a refused file never joins the form.
 */
export function AttachmentInput({ rule, value, onChange, onRefused, disabled }: Props) {
  async function pick(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const check = checkAttachment(rule, bytes, file.name);
    if (!check.ok) {
      onRefused(check.reason);
      return;
    }
    onChange?.({ file, name: file.name, size: file.size, kind: check.kind });
  }

  return (
    <Upload
      accept={acceptOf(rule)}
      maxCount={1}
      disabled={disabled}
      fileList={
        value
          ? [
              {
                uid: rule.key,
                name: isStoredFile(value)
                  ? '已上传的文件（重新选择可替换）'
                  : `${value.name}（${FILE_KINDS[value.kind]}，${formatBytes(value.size)}）`,
                status: 'done',
              },
            ]
          : []
      }
      beforeUpload={(file) => {
        void pick(file);
        // Nothing is sent now: the file travels with the application when it is submitted.
        return false;
      }}
      onRemove={() => onChange?.(undefined)}
    >
      <Button icon={<UploadOutlined />} disabled={disabled}>
        {value ? '重新选择' : '选择文件'}
      </Button>
    </Upload>
  );
}
