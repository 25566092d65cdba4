// ESLint for every TypeScript file of the project: the recommended JavaScript and typescript-eslint rules,
// with the few exceptions this code base chooses on purpose (each says why).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'appPackage/build/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_name` marks a value taken apart on purpose and not used ({ page: _page, ...shown }).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests poke at shapes the types do not describe (raw JSON bodies, malformed activities).
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'src/testkit/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
