// ESLint with typescript-eslint's type-checked rules, as VS Code's own extension samples lint.
// Types come from the two tsconfigs (the extension side and the browser-side webview) through the
// project service; typescript-eslint reads them with TypeScript 6's API (the `typescript` package
// here is @typescript/typescript6), while `tsc` (TypeScript 7, `@typescript/native`) type-checks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'demo/**', '**/*.js', '**/*.mjs', 'src/chat/historyValidators.generated.ts', 'src/agent/tools/toolValidators.generated.ts', 'src/account/accountValidators.generated.ts', 'src/fix/editListValidators.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: every floating promise is awaited or marked `void` on purpose; none is handed to
      // a callback that ignores it.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Loaded on first use, never at activation: the SDK, undici, the rules' YAML parser and the agent are
      // separate bundles (esbuild.js), undici by its deep paths to keep its unused parts out, and mocha as ES module
      // or, on Node before 20.19, its CommonJS build (test/extension-host/index.ts).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./sdk$', '^\\./undici$', '^\\./ruleSyntax$', '^\\./agentBundle$', '^\\./crashBundle$', '^\\./agentLoop$', '^\\./historyValidators\\.generated$', '^\\./fileSafety$', '^\\./accountValidators\\.generated$', '^\\./editListValidators\\.generated$', '^\\./structuredProposal$', '^\\./generateGameData$', '^undici/lib/', '^mocha$', '^\\./mocha\\.cjs$', '^vscode$'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
);
