import { existsSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors';
import { pickCjkFont, type CjkFont } from '../../../src-shared/print/cjkFonts';

export type { CjkFont };

export const MISSING_PRINT_FONT =
  '本机没有找到中文字体，无法生成打印文件。Windows 请确认 C:\\Windows\\Fonts 中有宋体（simsun.ttc）或微软雅黑（msyh.ttc）；' +
  'Linux 请安装文泉驿微米黑（fonts-wqy-microhei）后重试';

/** The font printing uses: the configured one, else the first Chinese system font; a clear error when none. */
export function printFont(configured?: CjkFont): CjkFont {
  const font = pickCjkFont(existsSync, configured);
  if (font === null) throw new AppError('PRECONDITION_FAILED', MISSING_PRINT_FONT);
  return font;
}
