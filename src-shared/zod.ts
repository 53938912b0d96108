import { z } from 'zod';

// Every schema imports z from here so that zod's fallback messages are Chinese.
z.config(z.locales.zhCN());

export { z };
