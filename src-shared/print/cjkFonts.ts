/** A font with Chinese glyphs for PDFs: a TTF, or a TTC with the face to use inside it. */
export interface CjkFont {
  path: string;
  /** The PostScript name of the face inside a .ttc collection; omitted for a .ttf/.otf. */
  family?: string;
}

/**
 * Where common CJK fonts live on Windows (msyh, simsun), Debian (fonts-wqy-microhei, fonts-noto-cjk)
 * and macOS; the first that exists is used. Shared by the server's e-invoice and the desktop's printing.
 */
export const CJK_FONT_CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

/** The configured font if it exists, else the first known system font; null when there is none. */
export function pickCjkFont(exists: (path: string) => boolean, configured?: CjkFont): CjkFont | null {
  if (configured) return exists(configured.path) ? configured : null;
  return CJK_FONT_CANDIDATES.find((font) => exists(font.path)) ?? null;
}
