// Type-aware lint. Generated contract files are excluded: they are rebuilt from the swagger on every build.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'api/generated/**', 'scripts/**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The domain stays pure: no HTTP framework, CRM SDK, database driver or network access.
    files: ['api/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['express', 'express/*', 'jsforce', 'jsforce/*', '@jsforce/*', 'pg', 'pg/*', 'undici', 'node:http', 'node:https', 'http', 'https'], message: 'domain/ must stay free of frameworks, drivers and network access.' },
          { group: ['../http/*', '../partner-center/*', '../salesforce/*', '../dynamics/*', '../storage/*'], message: 'domain/ must not import adapters.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ must not do network I/O.' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // supertest types response bodies as any; tests check their shape against the contract instead.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
