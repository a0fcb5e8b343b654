import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      // A function that returns a promise never throws synchronously.
      '@typescript-eslint/promise-function-async': 'error',
      // An async function without await is what promise-function-async asks for.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // House rule: routes parse, authorise, call a service and shape the reply; they never see SQL.
    files: ['packages/server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['kysely', 'pg', 'better-sqlite3'], message: 'Routes never see the database: call a service.' },
        { group: ['**/queries/*', '**/db/*'], allowTypeImports: true, message: 'Routes never see the database: call a service.' },
      ] }],
    },
  },
  {
    // The OpenID Connect server reaches the database through query modules (its storage) and services (the rules).
    files: ['packages/server/src/identity/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['kysely', 'pg', 'better-sqlite3', '**/db/*'], allowTypeImports: true, message: 'Identity never writes SQL: use a query module or a service.' },
      ] }],
    },
  },
  {
    // Rules and identity read time from the injected clock, so tests can move it.
    files: ['packages/server/src/services/**/*.ts', 'packages/server/src/queries/**/*.ts', 'packages/server/src/identity/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time from the injected clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the injected clock.' },
      ],
    },
  },
  {
    // House rule: services hold the rules and never see HTTP.
    files: ['packages/server/src/services/**/*.ts', 'packages/server/src/queries/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['fastify', '@fastify/*', 'mercurius', 'graphql', '**/http/*'], message: 'Services and queries never see HTTP (nor GraphQL).' },
      ] }],
    },
  },
  {
    // The SDK has no runtime dependencies and runs in browsers.
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.{1,2}/)', message: 'The SDK has no runtime dependencies.' }] }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // expect.any() and friends are typed any; hooks return the promise they wait for.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/promise-function-async': 'off',
    },
  },
);
