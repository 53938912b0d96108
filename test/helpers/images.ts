import { crc32, deflateSync } from 'node:zlib';

/** Real image files built from bytes, for tests that need a picture a browser or reader can decode. */

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit greyscale PNG with IHDR/IDAT/IEND and CRCs; `shade(x, y)` gives each pixel (0 black … 255 white). */
export function png(
  width: number,
  height: number,
  shade: (x: number, y: number) => number = () => 0,
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows = Buffer.alloc((width + 1) * height); // each row: filter byte 0, then its pixels
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) rows[y * (width + 1) + 1 + x] = shade(x, y);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG that looks like a paper slip: light paper, a darker header band and ruled lines. */
export function slipPng(width = 480, height = 300): Buffer {
  return png(width, height, (x, y) => {
    if (y < 40) return 70;
    if (y % 32 === 0 && x > 24 && x < width - 24) return 150;
    return 240;
  });
}

/** A PNG that looks like a scanned card or licence (800×600 by default): a border and lines of "text". */
export function scanPng(width = 800, height = 600): Buffer {
  return png(width, height, (x, y) => {
    if (x < 8 || y < 8 || x >= width - 8 || y >= height - 8) return 90;
    if (y % 40 < 10 && x > 60 && x < width - 60 - (y % 120)) return 120;
    return 250;
  });
}
