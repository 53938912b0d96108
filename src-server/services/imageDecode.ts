import sharp from 'sharp';
import type { FileKind } from '../../src-shared/catalogue';

/** What decoding every pixel of an image found: its real format and pixel size. */
export interface DecodedImage {
  kind: Extract<FileKind, 'png' | 'jpeg'>;
  width: number;
  height: number;
}

/** Far beyond any scan or photo of 5 MB; a decompression bomb stops here instead of filling memory. */
const MAX_PIXELS = 60_000_000;

/**
 * Decodes the whole image, not just its header, so a file that starts like a PNG or JPEG but whose
 * data is random or cut off is found. Null when it is not a decodable PNG or JPEG. Truncation is an
 * error; libjpeg's milder warnings (stray bytes before a marker, common in scanner output) are not.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage | null> {
  try {
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_PIXELS });
    const { format, width, height } = await image.metadata();
    if (format !== 'png' && format !== 'jpeg') return null;
    // stats() reads every pixel without keeping a decoded copy in memory.
    await image.stats();
    return { kind: format, width, height };
  } catch {
    return null;
  }
}
