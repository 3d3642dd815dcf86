// Lint: typescript-eslint's recommended rules plus the layering rules of docs/style.md.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const plugins = ['**/runtime/**', '**/rest/**', '**/kafka/**', '**/broker/**', '**/cli/**']

export default tseslint.config(
  { ignores: ['node_modules/**', 'tmp/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }]
    }
  },
  {
    files: ['src/connectors/**', 'src/converters/**', 'src/transforms/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: plugins, message: 'Plugins import only src/api (and src/data, src/config through it).' }] }] }
  },
  {
    files: ['src/api/**', 'src/data/**', 'src/config/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...plugins, '**/connectors/**', '**/converters/**', '**/transforms/**'], message: 'The SDK and data model import nothing of the runtime.' }] }] }
  },
  {
    files: ['src/broker/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/runtime/**', '**/rest/**', '**/kafka/**', '**/cli/**', '**/api/**', '**/connectors/**', '**/data/**', '**/config/**'], message: 'The broker is self-contained.' }] }] }
  }
)
