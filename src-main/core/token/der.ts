/**
 * A minimal DER reader giving the exact bytes of each element. PKCS#11 wants CKA_SUBJECT, CKA_ISSUER and
 * CKA_SERIAL_NUMBER as the certificate's own bytes; re-encoding a parsed name can change them.
 */
export interface DerElement {
  tag: number;
  /** The whole element: tag, length and content. */
  bytes: Buffer;
  content: Buffer;
}

export function readElement(buffer: Buffer, offset = 0): DerElement {
  const tag = byteAt(buffer, offset);
  let length = byteAt(buffer, offset + 1);
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + byteAt(buffer, offset + 2 + i);
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new Error('truncated DER element');
  return { tag, bytes: buffer.subarray(offset, end), content: buffer.subarray(offset + header, end) };
}

/** The elements inside a constructed element (SEQUENCE, SET, [n]). */
export function children(element: DerElement): DerElement[] {
  const result: DerElement[] = [];
  let offset = 0;
  while (offset < element.content.length) {
    const child = readElement(element.content, offset);
    result.push(child);
    offset += child.bytes.length;
  }
  return result;
}

/** Reads the one element a buffer must hold, refusing trailing bytes. */
export function readSingle(buffer: Buffer): DerElement {
  const element = readElement(buffer);
  if (element.bytes.length !== buffer.length) throw new Error('trailing bytes after DER element');
  return element;
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encodeElement(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** A positive INTEGER from big-endian magnitude bytes. */
export function encodeUnsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  const trimmed = magnitude.subarray(start);
  const needsPad = (trimmed[0] ?? 0) & 0x80;
  return encodeElement(0x02, needsPad ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function byteAt(buffer: Buffer, index: number): number {
  const value = buffer[index];
  if (value === undefined) throw new Error('truncated DER element');
  return value;
}
