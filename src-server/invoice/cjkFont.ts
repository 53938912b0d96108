import { existsSync } from 'node:fs';
import { pickCjkFont, type CjkFont } from '../../src-shared/print/cjkFonts';

export type { CjkFont };

export const MISSING_CJK_FONT =
  '服务器上没有找到中文字体，无法生成电子发票。请安装 fonts-wqy-microhei（或 fonts-noto-cjk），' +
  '或用 --cjk-font 指定一个 TTF/TTC 字体文件后重启服务';

/** The configured font if it exists, else the first known system font; null when there is none. */
export function findCjkFont(configured?: CjkFont): CjkFont | null {
  return pickCjkFont(existsSync, configured);
}
