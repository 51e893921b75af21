// ESLint flat config: typescript-eslint's recommended rules for the code, plus the layer
// boundaries of README's "Architecture" checked on every import, so a wrong import fails
// `npm run lint` instead of waiting for a reviewer to notice (tests/boundaries.test.ts proves it).
//
// Boundaries use the built-in no-restricted-imports (the typescript-eslint variant, which also
// sees `import x = require()`), one `files` block per layer. Patterns are regular expressions on
// path *segments* of the specifier, so every spelling of a path is caught: `../commands/x.js`,
// `../../commands/x.js` (from a subfolder), `./../commands/x.js`, `../model/../commands/x.js`.
// Static imports, `export … from`, `import type` and `import x = require()` are checked by that
// rule; dynamic `import()` by no-restricted-syntax below; `require()` by typescript-eslint's
// no-require-imports. Each file belongs to exactly one layer block, because a later block's
// options for the same rule replace (not extend) an earlier one's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A specifier with one of these folders (or files, without extension) as a path segment. */
const segment = (...names) => `(^|/)(${names.join('|')})(\\.[cm]?[jt]s)?(/|$)`;

/** Node's input/output modules, with or without `node:` and with any subpath (`fs/promises`). */
const IO_BUILTINS = '^(node:)?(fs|child_process|process|console|module|readline|tty|net|http|https|worker_threads|cluster)(/.*)?$';
const pkg = (name) => `^${name}(/.*)?$`;

const io = [
  { regex: IO_BUILTINS, message: 'Pure layers do no input/output: read and write in src/read, src/write or src/command-kit.' },
  { regex: pkg('simple-git'), message: 'Git is read in src/read/git.ts only.' },
];
const noChalk = { regex: pkg('chalk'), message: 'Colour is a rendering concern: it belongs in src/render.' };
const above = (layer, ...names) => ({
  regex: segment(...names),
  message: `${layer} must not import ${names.join(', ')}: data flows one way (README, "Architecture").`,
});

// Dynamic import() is not seen by no-restricted-imports. The pure layers have none, so any is an
// error there; elsewhere a non-literal specifier is refused (it cannot be checked) and a literal one
// is checked with the same expression as the static imports. esquery regexes cannot contain `/`:
// hence \x2F.
const slash = (re) => re.replaceAll('/', '\\x2F');
const noDynamicImport = {
  selector: 'ImportExpression',
  message: 'No dynamic import() in a pure layer: it would hide a dependency from the boundary check.',
};
const uncheckableImport = {
  selector: "ImportExpression[source.type!='Literal']",
  message: 'import() needs a string literal so the boundary check can see where it points.',
};
const dynamicImportOf = (regex, message) => ({ selector: `ImportExpression[source.value=/${slash(regex)}/]`, message });

// The pure layers are handed data and return data: no console, no process (stdout, stderr, env,
// exit, cwd), also not through globalThis.
const pureGlobals = {
  'no-restricted-globals': [
    'error',
    { name: 'console', message: 'No console in a pure layer: return data and let the command print it.' },
    { name: 'process', message: 'No process in a pure layer (stdout, stderr, env, exit, cwd): take what you need as a parameter.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'globalThis', property: 'console', message: 'No console in a pure layer.' },
    { object: 'globalThis', property: 'process', message: 'No process in a pure layer.' },
  ],
};

/** One layer: which files, which import patterns are refused, and extra rules. */
function layer(name, files, patterns, { dynamic = 'checked', rules = {} } = {}) {
  const syntax = dynamic === 'none' ? [noDynamicImport] : [uncheckableImport, ...patterns.map((p) => dynamicImportOf(p.regex, p.message))];
  return {
    name: `itstrat/layer/${name}`,
    files,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...syntax],
      ...rules,
    },
  };
}

const PURE_FORBIDDEN = ['read', 'write', 'commands', 'command-kit', 'render', 'registry', 'cli'];

export default defineConfig(
  {
    name: 'itstrat/ignores',
    ignores: ['dist/', 'coverage/', 'node_modules/', '**/*.generated.js', '**/*.generated.d.ts'],
  },
  {
    // A disable comment that no longer disables anything is stale: remove it rather than keep it.
    name: 'itstrat/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'itstrat/node',
    files: ['**/*.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
    rules: {
      // `_` marks a parameter a signature requires but the body does not use (tsc's noUnused* agree).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Matching control characters is the point of the escaping code and its tests (terminal
      // sequences, NUL, C0/C1): a regex with \x00-\x1f there is intended, not a typo.
      'no-control-regex': 'off',
      // Regexes over YAML and Mermaid match indentation; literal spaces read like the text matched.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Tests reach into parsed YAML and JSON Schemas of known shape; `any` there saves casts that
    // would prove nothing (a wrong path fails the assertion anyway).
    name: 'itstrat/tests',
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The what-if panel runs in the reader's browser (tsconfig.browser.json).
    name: 'itstrat/browser',
    files: ['src/render/report/what-if-page.ts'],
    languageOptions: { globals: globals.browser },
  },

  // Pure compute, model and results: no I/O, no colour, nothing above them.
  layer(
    'compute',
    ['src/scoring/**', 'src/diff/**', 'src/model/**', 'src/results/**'],
    [...io, noChalk, above('A pure layer (model, scoring, diff, results)', ...PURE_FORBIDDEN)],
    {
      dynamic: 'none',
      rules: pureGlobals,
    },
  ),
  // Renderers are pure formatters: result in, text out. They may colour (chalk) but do no I/O.
  layer('render', ['src/render/**'], [...io, above('src/render', 'commands', 'command-kit', 'registry', 'cli', 'write', 'read')], {
    dynamic: 'none',
    rules: pureGlobals,
  }),
  // A command is one module; what two commands share lives in src/command-kit. Every file in
  // src/commands is a command, so any `./` import is another command.
  layer(
    'commands',
    ['src/commands/**'],
    [
      { regex: '^\\./', message: 'A command must not import another command: move what they share to src/command-kit.' },
      above('A command', 'commands', 'registry', 'cli'),
    ],
  ),
  // The shared command helpers sit below the commands.
  layer('command-kit', ['src/command-kit/**'], [above('src/command-kit', 'commands', 'registry', 'cli')]),
  // The foundation everything may use (labels, schemas, error classes, exit codes) uses nothing
  // above the model, and does no input/output itself.
  layer(
    'foundation',
    ['src/i18n/**', 'src/schema/**', 'src/errors.ts', 'src/exit-codes.ts'],
    [...io, noChalk, above('The foundation (i18n, schema, errors, exit codes)', ...PURE_FORBIDDEN, 'scoring', 'diff', 'results')],
    {
      dynamic: 'none',
      rules: pureGlobals,
    },
  ),
  // Reading and writing sit below everything that presents: they return data or throw. (Neither
  // imports src/render today, not even render/escape; errors are escaped where they are printed.)
  layer(
    'read-write',
    ['src/read/**', 'src/write/**'],
    [above('src/read and src/write', 'commands', 'command-kit', 'render', 'registry', 'cli')],
  ),
);
