import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '**/dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'apps/console/src/gql/**', 'test/integrator/gql/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable',
        __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly',
        AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The engine is the pure domain core: no framework, no ORM, no I/O.
    files: ['libs/engine/**/*.ts'],
    ignores: ['libs/engine/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@nestjs/*'], message: 'libs/engine is pure: no NestJS imports.' },
          { group: ['@mikro-orm/*'], message: 'libs/engine is pure: no MikroORM imports.' },
          { group: ['@clusterflow/persistence', '@clusterflow/persistence/*', '**/persistence/**', '**/apps/**'], message: 'libs/engine must not depend on persistence or apps.' },
          { group: ['pg', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'http', 'node:http'], message: 'libs/engine does no I/O.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time is an input: pass `now` into the engine.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time is an input: pass `now` into the engine.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'The engine is deterministic: no Math.random().' },
      ],
    },
  },
  {
    // The web console runs in the browser.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly',
        location: 'readonly', atob: 'readonly', btoa: 'readonly', Blob: 'readonly', File: 'readonly', FileReader: 'readonly',
        HTMLElement: 'readonly', HTMLDivElement: 'readonly', Storage: 'readonly', crypto: 'readonly', Intl: 'readonly',
        requestAnimationFrame: 'readonly', queueMicrotask: 'readonly',
      },
    },
  },
  {
    // The command line and the server share the application layer (libs/application), never each other.
    files: ['apps/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/apps/api/**', '**/api/src/**'], message: 'apps/cli must not import apps/api/src: use libs/application (@clusterflow/application).' }],
      }],
    },
  },
  {
    // Statements live in libs/persistence behind repositories and helpers: no SQL text in the apps.
    files: ['apps/api/**/*.ts', 'apps/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'Literal[value=/^\\s*(select|insert\\s+into|update\\s+\\S+\\s+set|delete\\s+from|with\\s+\\w+\\s+as\\s*\\()\\s/]', message: 'SQL belongs in libs/persistence (a repository or helper), not in apps/.' },
        { selector: 'TemplateElement[value.raw=/^\\s*(select|insert\\s+into|update\\s+\\S+\\s+set|delete\\s+from|with\\s+\\w+\\s+as\\s*\\()\\s/]', message: 'SQL belongs in libs/persistence (a repository or helper), not in apps/.' },
      ],
    },
  },
  {
    // The application layer serves both apps; it depends on neither.
    files: ['libs/application/**/*.ts', 'libs/persistence/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/apps/**'], message: 'libs/ must not depend on apps/.' }],
      }],
    },
  },
);
