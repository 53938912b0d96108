import { defineConfig } from 'drizzle-kit';

/** Migrations of the desktop client's local SQLite store. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/core/store/schema.ts',
  out: './drizzle/local',
});
