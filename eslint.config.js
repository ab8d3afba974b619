import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/work/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Bundling shims are CommonJS, so that the bundler keeps their `require` lazy.
  {
    files: ['src/bundle/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The layers, lowest first: a module imports only from its own layer and those below it, so
  // there are no cycles between layers (docs/architecture.md). The faces, action and cli, are
  // on top and never import each other.
  ...layerRules([
    'core',
    'storage',
    'unpack',
    'net',
    'registry',
    'pull',
    'vmconfig',
    'ops',
    ['action', 'cli'],
  ]),
  prettier,
);

/** One `no-restricted-imports` block per layer, naming the layers above it. */
function layerRules(layers) {
  const groups = layers.map((l) => (Array.isArray(l) ? l : [l]));
  return groups.flatMap((group, i) =>
    group.map((layer) => {
      const above = [...groups.slice(i + 1).flat(), ...group.filter((l) => l !== layer)];
      const patterns = above.map((l) => ({
        group: [`../${l}/*`, `../../src/${l}/*`],
        message: `${layer}/ may not import ${l}/ (docs/architecture.md)`,
      }));
      // Only the action talks to the runner toolkit, and the network layer to its HTTP client (for
      // the runner's proxy settings); the rest takes plain arguments, testable without mocks.
      const toolkit =
        layer === 'action'
          ? []
          : layer === 'net'
            ? [{ group: ['@actions/*', '!@actions/http-client', '!@actions/http-client/*'] }]
            : [{ group: ['@actions/*'] }];
      return {
        files: [`src/${layer}/**/*.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns: [...toolkit, ...patterns] }] },
      };
    }),
  );
}
