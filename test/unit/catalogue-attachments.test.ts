import { describe, expect, it } from 'vitest';
import {
  checkAttachment,
  describeAttachmentRule,
  getService,
  sniffFile,
  type AttachmentRule,
} from '../../src-shared/catalogue';
import { png } from '../helpers/images';

// Real files built from bytes: a PNG with IHDR/IDAT/IEND and CRCs, a baseline JPEG whose every 8×8
// block is encoded (grey), and a PDF with a catalogue, a page tree and a cross-reference table.

function segment(marker: number, payload: number[] | Buffer): Buffer {
  const body = Buffer.from(payload);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), length, body]);
}

/**
 * A decodable greyscale baseline JPEG: one DC and one AC Huffman table with a single 1-bit code each,
 * so every block is "DC difference 0, end of block" = two zero bits. `padTo` adds a comment segment.
 */
function jpeg(width: number, height: number, padTo = 0): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = Buffer.alloc(Math.ceil((blocks * 2) / 8)); // all-zero bits
  const spareBits = scan.length * 8 - blocks * 2;
  if (spareBits > 0) scan[scan.length - 1] = (1 << spareBits) - 1; // pad with ones
  const huffman = (tableClass: number) => [tableClass << 4, 1, ...Array<number>(15).fill(0), 0x00];
  const parts = [
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0, ...Array<number>(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    segment(0xc4, [...huffman(0), ...huffman(1)]),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    scan,
    Buffer.from([0xff, 0xd9]),
  ];
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  if (padTo > size + 4) parts.splice(2, 0, segment(0xfe, Buffer.alloc(padTo - size - 4, 0x20)));
  return Buffer.concat(parts);
}

function pdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const scanRule = getService('cert.new.enterprise')!.attachments.find(
  (rule) => rule.key === 'businessLicence',
)!;
const photoRule = getService('cert.reissue')!.attachments.find((rule) => rule.key === 'photo')!;

describe('sniffing files by content', () => {
  it('reads type and pixel size from PNG and JPEG headers', () => {
    expect(sniffFile(png(3, 2))).toEqual({ kind: 'png', width: 3, height: 2 });
    expect(sniffFile(jpeg(295, 413))).toEqual({ kind: 'jpeg', width: 295, height: 413 });
    expect(sniffFile(pdf())).toEqual({ kind: 'pdf' });
    expect(sniffFile(Buffer.from('GIF89a……'))).toBeNull();
    expect(sniffFile(new Uint8Array())).toBeNull();
  });

  it('survives truncated headers', () => {
    expect(sniffFile(png(10, 10).subarray(0, 12))).toEqual({ kind: 'png' });
    expect(sniffFile(jpeg(10, 10).subarray(0, 30))).toEqual({ kind: 'jpeg' });
  });
});

describe('scanned documents: JPG/PNG/PDF by content, at most 5 MB', () => {
  it('accepts each of the three types', () => {
    expect(checkAttachment(scanRule, png(100, 100), '营业执照.png')).toMatchObject({ ok: true, kind: 'png' });
    expect(checkAttachment(scanRule, jpeg(100, 100), 'licence.JPEG')).toMatchObject({
      ok: true,
      kind: 'jpeg',
    });
    expect(checkAttachment(scanRule, pdf(), 'licence.pdf')).toMatchObject({ ok: true, kind: 'pdf' });
  });

  it('refuses a PDF renamed .jpg, and content of no accepted type', () => {
    expect(checkAttachment(scanRule, pdf(), 'licence.jpg')).toEqual({
      ok: false,
      reason: '文件名为 .jpg，但内容是 PDF 文件，请检查后重新上传',
    });
    const text = checkAttachment(scanRule, Buffer.from('just text'), 'licence.pdf');
    expect(text).toEqual({
      ok: false,
      reason: '文件内容不是 JPG/PNG/PDF 格式，请上传 JPG/PNG/PDF，不超过 5 MB 的文件',
    });
  });

  it('refuses an oversize file and an empty one', () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(5 * 1024 * 1024)]);
    expect(checkAttachment(scanRule, big)).toEqual({
      ok: false,
      reason: '文件不能超过 5 MB，请压缩后重新上传',
    });
    expect(checkAttachment(scanRule, new Uint8Array())).toMatchObject({ ok: false });
  });
});

describe('the reissue photo (seed 000): JPG only, 295×413 px, 10–30 KB', () => {
  it('accepts a photo of the right size and weight', () => {
    const photo = jpeg(295, 413, 15 * 1024);
    expect(photo.length).toBe(15 * 1024);
    expect(checkAttachment(photoRule, photo, 'photo.jpg')).toEqual({
      ok: true,
      kind: 'jpeg',
      width: 295,
      height: 413,
    });
  });

  it('refuses a PNG and a PDF, whatever their names', () => {
    expect(checkAttachment(photoRule, png(295, 413), 'photo.jpg')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('文件内容不是 JPG 图片'),
    });
    expect(checkAttachment(photoRule, pdf(), 'photo.jpg')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('文件内容不是 JPG 图片'),
    });
  });

  it('refuses the wrong pixel size, naming both sizes', () => {
    const check = checkAttachment(photoRule, jpeg(300, 400, 15 * 1024));
    expect(check).toEqual({
      ok: false,
      reason: '照片尺寸应为 295×413 像素（当前为300×400 像素），请重新裁剪后上传',
    });
  });

  it('refuses a photo lighter than 10 KB or heavier than 30 KB', () => {
    expect(checkAttachment(photoRule, jpeg(295, 413))).toEqual({
      ok: false,
      reason: '文件大小应在 10 KB 与 30 KB 之间，请重新上传',
    });
    expect(checkAttachment(photoRule, jpeg(295, 413, 31 * 1024))).toEqual({
      ok: false,
      reason: '文件不能超过 30 KB，请压缩后重新上传',
    });
  });

  it('describes itself for the upload widget', () => {
    expect(describeAttachmentRule(photoRule)).toBe('JPG，295×413 像素，10 KB–30 KB');
    const small: AttachmentRule = { key: 'x', label: 'x', types: ['jpeg', 'png'], maxBytes: 100 * 1024 };
    expect(describeAttachmentRule(small)).toBe('JPG/PNG，不超过 100 KB');
  });

  it('judges the pixel rule by the decoded size when the server passes it in', () => {
    const photo = jpeg(295, 413, 15 * 1024);
    expect(checkAttachment(photoRule, photo, 'photo.jpg', { width: 300, height: 400 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('当前为300×400 像素') as unknown as string,
    });
    expect(checkAttachment(photoRule, photo, 'photo.jpg', { width: 295, height: 413 })).toMatchObject({
      ok: true,
    });
  });
});
