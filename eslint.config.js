import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which of our packages each package may import: the one-way dependency direction of STYLE.md §1. No entry
 * lists `cli`, `web` or `bench`, so nothing may import them.
 */
const ALLOWED = {
  engine: [],
  contracts: [],
  server: ['engine', 'contracts'],
  cli: ['engine', 'contracts', 'server'],
  web: ['contracts', 'engine'],
  bench: ['engine', 'contracts', 'server'],
};
const ALL = Object.keys(ALLOWED);

const layerRules = Object.entries(ALLOWED).map(([pkg, allowed]) => ({
  files: [`packages/${pkg}/src/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...ALL.filter((other) => other !== pkg && !allowed.includes(other)).map((other) => ({
            group: [`@zhengming/${other}`, `@zhengming/${other}/*`],
            message: `packages/${pkg} may not depend on @zhengming/${other} (see STYLE.md §1)`,
          })),
          { group: [`@zhengming/${pkg}`], message: 'do not import your own package barrel from inside it' },
          { group: ['../../*/src/*', '../../../*/src/*'], message: 'import other packages by name, not by path' },
          ...(pkg === 'engine'
            ? [{ group: ['node:*', 'fs', 'path', 'crypto', 'os'], message: 'the engine is pure: no I/O, no Node APIs' }]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'bench/results/**',
      'packages/*/data/**',
      'scripts/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        project: ['./tsconfig.check.json', './packages/web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      curly: 'error',
      // Fastify plugins and interface implementations are async without awaiting.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Migrations are frozen in time and use Kysely<any> (STYLE.md §5).
    files: ['packages/server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  ...layerRules,
);
