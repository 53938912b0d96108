import { existsSync } from 'node:fs';

/** A font with Chinese glyphs for PDFs: a TTF, or a TTC with the face to use inside it. */
export interface CjkFont {
  path: string;
  /** The PostScript name of the face inside a .ttc collection; omitted for a .ttf/.otf. */
  family?: string;
}

/** Where common CJK fonts live on Debian (fonts-wqy-microhei, fonts-noto-cjk), Windows and macOS. */
const CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

export const MISSING_CJK_FONT =
  '服务器上没有找到中文字体，无法生成电子发票。请安装 fonts-wqy-microhei（或 fonts-noto-cjk），' +
  '或用 --cjk-font 指定一个 TTF/TTC 字体文件后重启服务';

/** The configured font if it exists, else the first known system font; null when there is none. */
export function findCjkFont(configured?: CjkFont): CjkFont | null {
  if (configured) return existsSync(configured.path) ? configured : null;
  return CANDIDATES.find((font) => existsSync(font.path)) ?? null;
}
