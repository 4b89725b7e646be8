import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which of our packages each package may import: the one-way dependency direction of docs/ARCHITECTURE.md. No entry
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

/** The patterns of `no-restricted-imports` that keep a package to its allowed dependencies. */
function packagePatterns(pkg, allowed) {
  return [
    ...ALL.filter((other) => other !== pkg && !allowed.includes(other)).map((other) => ({
      group: [`@zhengming/${other}`, `@zhengming/${other}/*`],
      message: `packages/${pkg} may not depend on @zhengming/${other} (see docs/ARCHITECTURE.md)`,
    })),
    { group: [`@zhengming/${pkg}`], message: 'do not import your own package barrel from inside it' },
    { group: ['../../*/src/*', '../../../*/src/*'], message: 'import other packages by name, not by path' },
    ...(pkg === 'engine'
      ? [{ group: ['node:*', 'fs', 'path', 'crypto', 'os'], message: 'the engine is pure: no I/O, no Node APIs' }]
      : []),
  ];
}

const layerRules = Object.entries(ALLOWED).map(([pkg, allowed]) => ({
  files: [`packages/${pkg}/src/**/*.{ts,tsx}`],
  rules: { 'no-restricted-imports': ['error', { patterns: packagePatterns(pkg, allowed) }] },
}));

/*
 * Layers inside the server (docs/ARCHITECTURE.md, "Server conventions"): the shared layers below the features
 * (access/, http/, audit/, db/, keys/) never import a feature module or the app, and feature modules never import
 * the app — shared dependency types come from deps.ts. (ESLint replaces a rule's options per file rather than
 * merging them, so the package patterns are repeated here.)
 */
const SERVER_PATTERNS = packagePatterns('server', ALLOWED.server);
const NOT_THE_APP = {
  group: ['**/app.js'],
  message: 'import shared types from deps.ts; only main.ts and tests build the app',
};
/** The server's import rules for one layer: the package's, plus no `app.ts`, plus `extra`. */
const serverImports = (...extra) => ({
  'no-restricted-imports': ['error', { patterns: [...SERVER_PATTERNS, NOT_THE_APP, ...extra] }],
});
const serverLayerRules = [
  {
    files: ['packages/server/src/{access,http,audit,db,keys}/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: serverImports({
      group: ['**/modules/**', '**/ops/**'],
      message: 'shared layers sit below the feature modules and ops/',
    }),
  },
  {
    files: ['packages/server/src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: serverImports({
      group: ['**/ops/*', '!**/ops/define-operation.js'],
      message: 'ops/ builds on the modules; a module declares its commands with ops/define-operation.ts only',
    }),
  },
  {
    // Repositories hold the queries (docs/ARCHITECTURE.md, "Server conventions"): services decide and own
    // transactions, routes stay thin.
    files: ['packages/server/src/{modules,access,http}/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|with|withRecursive)$/]',
          message: 'queries belong in a *.repository.ts file; services and routes call repository functions',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql']",
          message: 'raw SQL belongs in a *.repository.ts file',
        },
      ],
    },
  },
];

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
    // Migrations are frozen in time and use Kysely<any> (docs/ARCHITECTURE.md).
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
  ...serverLayerRules,
);
