import { UPLOADS_PATH } from '../../src-shared/api/routes';
import { sniffFile } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { UploadContent } from '../../src-shared/ipc/contract';
import type { ApiClient } from './api/client';

/** Uploaded files read back with the session (the server lets their owner and staff read them). */
export interface UploadService {
  get(id: string): Promise<UploadContent>;
}

export function createUploadService(api: ApiClient): UploadService {
  return {
    async get(id) {
      const file = await api.download(`${UPLOADS_PATH}/${encodeURIComponent(id)}`);
      // Told by its bytes, as when it was uploaded: the renderer shows an image inline, opens a PDF.
      const kind = sniffFile(file.bytes)?.kind;
      if (kind === undefined) throw new AppError('SERVER_ERROR', '文件内容无法识别，请联系上传人重新上传');
      return {
        kind,
        fileName: file.fileName ?? `${id}.${kind === 'jpeg' ? 'jpg' : kind}`,
        contentBase64: file.bytes.toString('base64'),
      };
    },
  };
}
