import { AppError } from '../../src-shared/errors';
import type { PdfFile } from '../../src-shared/ipc/contract';

/** Files between the page and the desktop services: picked files read as base64, PDFs saved. */

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

/**
 * Hands a PDF to the browser as a download: a Blob link works the same in the web host and in Electron
 * (which asks where to save it). The person opens it from there and prints.
 */
export function savePdf(file: PdfFile): void {
  const bytes = Uint8Array.from(atob(file.pdfBase64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
