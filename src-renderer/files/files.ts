import { FILE_MIME } from '../../src-shared/catalogue';
import { AppError } from '../../src-shared/errors';
import type { PdfFile, UploadContent } from '../../src-shared/ipc/contract';

/**
 * Files between the page and the desktop services: picked files read as base64; files that come back
 * (PDFs made by main, uploads read back) shown, opened or saved.
 */

export function readBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new AppError('VALIDATION', '文件读取失败，请重新选择文件'));
    reader.readAsDataURL(blob);
  });
}

/** An uploaded image as a data: URL (the page's security policy allows images from data: only). */
export function dataUrlOf(file: Pick<UploadContent, 'kind' | 'contentBase64'>): string {
  return `data:${FILE_MIME[file.kind]};base64,${file.contentBase64}`;
}

function blobOf(base64: string, type: string): Blob {
  return new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type });
}

/** Hands the blob to `take` as an object URL, freed a minute later (the window or download has read it by then). */
function withObjectUrl(blob: Blob, take: (url: string) => void): void {
  const url = URL.createObjectURL(blob);
  take(url);
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A download through the browser: works the same in the web host and in Electron (which asks where to save). */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Hands a PDF to the browser as a download; the person opens it from there and prints. */
export function savePdf(file: PdfFile): void {
  withObjectUrl(blobOf(file.pdfBase64, 'application/pdf'), (url) => download(url, file.fileName));
}

/**
 * Opens a file (a PDF) in a new window, where the browser shows it; where new windows are not allowed
 * (the desktop app keeps to one window), the file is saved under its name instead.
 */
export function openFile(file: UploadContent): void {
  withObjectUrl(blobOf(file.contentBase64, FILE_MIME[file.kind]), (url) => {
    if (window.open(url, '_blank') === null) download(url, file.fileName);
  });
}
