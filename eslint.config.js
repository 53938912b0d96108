import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.tools',
      'dist',
      'release',
      'data',
      'drizzle',
      'coverage',
      'test/e2e/screenshots',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '**/src-server/**'],
              message: '渲染进程只能通过 src-shared 的 IPC 契约访问桌面服务。',
            },
          ],
          paths: ['axios', 'better-sqlite3', 'pkcs11js', 'electron', 'fs', 'path', 'child_process'],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', 'src-server/cli.ts', 'src-main/host/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
