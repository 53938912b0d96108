import { z } from 'zod';
import { chineseMessage } from './zodMessages';

// Every schema imports z from here so that zod's fallback messages are Chinese: ours first (without
// the field, which validationError puts in front), zod's own zh-CN for anything they leave out.
z.config({ ...z.locales.zhCN(), customError: chineseMessage });

export { z };
