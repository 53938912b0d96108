import { FILE_MIME } from '../../src-shared/catalogue';
import type { UploadContent } from '../../src-shared/ipc/contract';

/** An uploaded image as a data: URL (the page's security policy allows images from data: only). */
export function dataUrlOf(file: Pick<UploadContent, 'kind' | 'contentBase64'>): string {
  return `data:${FILE_MIME[file.kind]};base64,${file.contentBase64}`;
}

function blobOf(file: UploadContent): Blob {
  const binary = atob(file.contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: FILE_MIME[file.kind] });
}

/**
 * Opens a file (a PDF) in a new window, where the browser shows it; where new windows are not allowed
 * (the desktop app keeps to one window), the file is saved under its name instead.
 */
export function openFile(file: UploadContent): void {
  const url = URL.createObjectURL(blobOf(file));
  const opened = window.open(url, '_blank');
  if (opened === null) {
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.click();
  }
  // The new window or the download has read it by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
