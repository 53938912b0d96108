import { useState, type ReactNode } from 'react';
import { App, Button, Tooltip, type ButtonProps } from 'antd';
import type { PdfFile } from '../../src-shared/ipc/contract';
import { asAppError } from '../forms/appError';
import { savePdf } from './files';

interface Props {
  /** Makes or fetches the PDF through the desktop services. */
  load: () => Promise<PdfFile>;
  /** Why it cannot be had now (shown on hover, button disabled), or null. */
  refusal?: string | null;
  icon?: ReactNode;
  type?: ButtonProps['type'];
  children: ReactNode;
  testId?: string;
}

/** 打印申请表 / 打印回执 / 下载电子发票: the PDF is made, then saved through the browser's download. */
export function PdfButton({ load, refusal = null, icon, type, children, testId }: Props) {
  const { message, modal } = App.useApp();
  const [pending, setPending] = useState(false);

  async function run() {
    setPending(true);
    try {
      const file = await load();
      savePdf(file);
      void message.success(`已生成“${file.fileName}”，请打开后打印或保存`);
    } catch (error) {
      void modal.error({ title: '文件未能生成', content: asAppError(error).message });
    } finally {
      setPending(false);
    }
  }

  return (
    <Tooltip title={refusal ?? undefined}>
      <Button
        icon={icon}
        type={type}
        loading={pending}
        disabled={refusal !== null}
        onClick={() => void run()}
        data-testid={testId}
      >
        {children}
      </Button>
    </Tooltip>
  );
}
