import { FILE_KINDS, type AttachmentRule, type FileKind } from './types';

/**
 * Uploads are judged by their content: the first bytes give the type (a PDF renamed .jpg is still a
 * PDF), PNG's IHDR and JPEG's SOF segment give the pixel size. Pure, on a Uint8Array (a Buffer is one).
 * The server also decodes every image (a header can be followed by garbage) and passes the decoded
 * pixel size in; the renderer's early check reads the header only.
 */

export interface SniffedFile {
  kind: FileKind;
  width?: number;
  height?: number;
}

export type AttachmentCheck = ({ ok: true } & SniffedFile) | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

const EXTENSIONS: Record<FileKind, readonly string[]> = {
  jpeg: ['jpg', 'jpeg'],
  png: ['png'],
  pdf: ['pdf'],
};

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** A PDF ends with "%%EOF" (maybe followed by a line break or a little padding); a cut-off one does not. */
function hasPdfTrailer(bytes: Uint8Array): boolean {
  const trailer = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"
  for (let at = bytes.length - trailer.length; at >= Math.max(0, bytes.length - 1024); at -= 1) {
    if (trailer.every((byte, index) => bytes[at + index] === byte)) return true;
  }
  return false;
}

function uint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function uint32(bytes: Uint8Array, at: number): number {
  return uint16(bytes, at) * 0x10000 + uint16(bytes, at + 2);
}

function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  // Signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
  const isIhdr = bytes[12] === 0x49 && bytes[13] === 0x48 && bytes[14] === 0x44 && bytes[15] === 0x52;
  return isIhdr && bytes.length >= 24 ? { width: uint32(bytes, 16), height: uint32(bytes, 20) } : null;
}

/** Walks the JPEG segments to the first start-of-frame marker, which carries height and width. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isStartOfFrame) return { height: uint16(bytes, at + 5), width: uint16(bytes, at + 7) };
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame
    at += 2 + uint16(bytes, at + 2);
  }
  return null;
}

/** The file's type by its first bytes, with the pixel size of an image when it can be read. */
export function sniffFile(bytes: Uint8Array): SniffedFile | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return { kind: 'png', ...pngSize(bytes) };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'jpeg', ...jpegSize(bytes) };
  if (startsWith(bytes, PDF_SIGNATURE)) return { kind: 'pdf' };
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Number((bytes / 1024).toFixed(1))} KB`;
}

function kindsText(kinds: readonly FileKind[]): string {
  return kinds.map((kind) => FILE_KINDS[kind]).join('/');
}

function notKindsReason(kinds: readonly FileKind[]): string {
  const only = kinds.length === 1 ? kinds[0] : undefined;
  if (only === 'pdf') return '文件内容不是 PDF 文档';
  if (only) return `文件内容不是 ${FILE_KINDS[only]} 图片`;
  return `文件内容不是 ${kindsText(kinds)} 格式`;
}

/** One line for the upload widget: "JPG/PNG/PDF，不超过 5 MB". */
export function describeAttachmentRule(rule: AttachmentRule): string {
  const parts = [kindsText(rule.types)];
  if (rule.pixels) parts.push(`${rule.pixels.width}×${rule.pixels.height} 像素`);
  parts.push(
    rule.minBytes === undefined
      ? `不超过 ${formatBytes(rule.maxBytes)}`
      : `${formatBytes(rule.minBytes)}–${formatBytes(rule.maxBytes)}`,
  );
  return parts.join('，');
}

/**
 * Checks an upload against its rule. The reason, when refused, says what is wrong and what to send
 * instead. A file name, when given, must agree with the content.
 */
export function checkAttachment(
  rule: AttachmentRule,
  bytes: Uint8Array,
  fileName?: string,
  decoded?: { width: number; height: number },
): AttachmentCheck {
  const expected = `请上传 ${describeAttachmentRule(rule)} 的文件`;
  if (bytes.length === 0) return { ok: false, reason: `文件是空的，${expected}` };
  const sniffed = sniffFile(bytes);
  if (!sniffed || !rule.types.includes(sniffed.kind)) {
    return { ok: false, reason: `${notKindsReason(rule.types)}，${expected}` };
  }
  const extension = fileName?.includes('.') ? fileName.split('.').pop()?.toLowerCase() : undefined;
  if (extension !== undefined && !EXTENSIONS[sniffed.kind].includes(extension)) {
    return {
      ok: false,
      reason: `文件名为 .${extension}，但内容是 ${FILE_KINDS[sniffed.kind]} 文件，请检查后重新上传`,
    };
  }
  if (bytes.length > rule.maxBytes) {
    return { ok: false, reason: `文件不能超过 ${formatBytes(rule.maxBytes)}，请压缩后重新上传` };
  }
  if (rule.minBytes !== undefined && bytes.length < rule.minBytes) {
    return {
      ok: false,
      reason: `文件大小应在 ${formatBytes(rule.minBytes)} 与 ${formatBytes(rule.maxBytes)} 之间，请重新上传`,
    };
  }
  if (sniffed.kind === 'pdf' && !hasPdfTrailer(bytes)) {
    return { ok: false, reason: 'PDF 文件不完整（缺少文件结束标记），请重新导出或扫描后上传' };
  }
  const size = decoded ?? sniffed;
  if (rule.pixels) {
    const { width, height } = rule.pixels;
    if (size.width !== width || size.height !== height) {
      const actual = size.width === undefined ? '无法读取' : `${size.width}×${size.height ?? '?'} 像素`;
      return {
        ok: false,
        reason: `照片尺寸应为 ${width}×${height} 像素（当前为${actual}），请重新裁剪后上传`,
      };
    }
  }
  return { ok: true, ...sniffed, ...decoded };
}

/** Why an image whose header looked right was refused: it does not decode. */
export function corruptImageReason(kind: FileKind): string {
  return `图片已损坏或不是有效的 ${FILE_KINDS[kind]} 图片，请重新扫描或拍摄后上传`;
}
