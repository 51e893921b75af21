// The layer boundaries of README's "Architecture" are checked by ESLint (eslint.config.js). These
// tests lint deliberately wrong imports through ESLint's Node API, as files placed in each layer,
// and require each to be reported; lint the imports the layers really use and require them
// accepted (so a rule that rejects everything fails too); and lint the real tree, which must be clean.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function problems(filePath: string, code: string): Promise<ESLint.LintResult['messages']> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  if (result === undefined) throw new Error(`ESLint returned no result for ${filePath}`);
  // An ignored or unconfigured file comes back with a warning, not silence: fail loudly on it.
  const fatal = result.messages.filter((m) => m.fatal === true || m.ruleId === null);
  expect(fatal, `${filePath} must be linted`).toEqual([]);
  return result.messages;
}

const BOUNDARY_RULES = [
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals',
  'no-restricted-properties',
  '@typescript-eslint/no-require-imports',
];

async function expectRefused(filePath: string, code: string): Promise<void> {
  const messages = await problems(filePath, code);
  const boundary = messages.filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? ''));
  expect(
    boundary.map((m) => m.ruleId),
    `${filePath}: ${code}`,
  ).not.toEqual([]);
  expect(
    boundary.every((m) => m.severity === 2),
    'boundary violations are errors, not warnings',
  ).toBe(true);
}

async function expectAccepted(filePath: string, code: string): Promise<void> {
  expect(await problems(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

// Each wrong import in several spellings: another depth, a detour through `..`, `export … from`,
// `import type`, dynamic import(), a subpath of a built-in, with and without `node:`.
const refused: Array<[file: string, code: string]> = [
  // compute (scoring, diff), model, results: no I/O, no git, no colour, nothing above them.
  ['src/scoring/wrong.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
  ['src/scoring/wrong.ts', "import { readFile } from 'fs/promises';\nexport const f = readFile;\n"],
  ['src/diff/wrong.ts', "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n"],
  ['src/diff/wrong.ts', "import { execFile } from 'node:child_process';\nexport const f = execFile;\n"],
  ['src/model/wrong.ts', "import { spawn } from 'child_process';\nexport const f = spawn;\n"],
  ['src/results/wrong.ts', "import { simpleGit } from 'simple-git';\nexport const f = simpleGit;\n"],
  ['src/scoring/wrong.ts', "import chalk from 'chalk';\nexport const f = chalk;\n"],
  ['src/scoring/wrong.ts', "export * from 'node:fs';\n"],
  ['src/scoring/wrong.ts', "export const f = () => import('node:fs');\n"],
  ['src/scoring/wrong.ts', "import fs = require('fs');\nexport const f = fs;\n"],
  ['src/scoring/wrong.ts', "import { stdout } from 'node:process';\nexport const f = stdout;\n"],
  ['src/scoring/wrong.ts', "export function f(): void {\n  console.log('x');\n}\n"],
  ['src/diff/wrong.ts', "export function f(): void {\n  process.stdout.write('x');\n}\n"],
  ['src/model/wrong.ts', "export function f(): void {\n  process.stderr.write('x');\n}\n"],
  ['src/results/wrong.ts', "export function f(): void {\n  globalThis.console.error('x');\n}\n"],
  ['src/scoring/wrong.ts', "import { openGitStrategy } from '../read/git.js';\nexport const f = openGitStrategy;\n"],
  ['src/diff/wrong.ts', "import { applyEdits } from '../write/apply-edits.js';\nexport const f = applyEdits;\n"],
  ['src/model/wrong.ts', "import type { scoreCommand } from '../commands/score.js';\nexport type F = typeof scoreCommand;\n"],
  ['src/results/wrong.ts', "import { terminalText } from '../render/escape.js';\nexport const f = terminalText;\n"],
  ['src/scoring/wrong.ts', "import { openGitStrategy } from '../model/../read/git.js';\nexport const f = openGitStrategy;\n"],
  ['src/model/wrong.ts', "export { execute } from '../command-kit/execute.js';\n"],
  ['src/results/wrong.ts', "import { commands } from '../registry.js';\nexport const f = commands;\n"],
  // render: pure formatters, below commands, command-kit, registry, cli, write and read.
  ['src/render/wrong.ts', "import { scoreCommand } from '../commands/score.js';\nexport const f = scoreCommand;\n"],
  ['src/render/report/wrong.ts', "import { scoreCommand } from '../../commands/score.js';\nexport const f = scoreCommand;\n"],
  ['src/render/wrong.ts', "import { execute } from '../command-kit/execute.js';\nexport const f = execute;\n"],
  ['src/render/wrong.ts', "import { commands } from '../registry.js';\nexport const f = commands;\n"],
  ['src/render/wrong.ts', "import { run } from '../cli.js';\nexport const f = run;\n"],
  ['src/render/wrong.ts', "import { writeOutput } from '../write/write-output.js';\nexport const f = writeOutput;\n"],
  ['src/render/report/wrong.ts', "import { readStrategyDir } from '../../read/read-strategy-dir.js';\nexport const f = readStrategyDir;\n"],
  ['src/render/wrong.ts', "export const f = () => import('../commands/score.js');\n"],
  ['src/render/wrong.ts', "import { writeFileSync } from 'node:fs';\nexport const f = writeFileSync;\n"],
  ['src/render/wrong.ts', "export function f(): void {\n  console.log('x');\n}\n"],
  // commands: none imports another command (shared code lives in src/command-kit).
  ['src/commands/wrong.ts', "import { fmtCommand } from './fmt.js';\nexport const f = fmtCommand;\n"],
  ['src/commands/wrong.ts', "import type { scoreCommand } from './score.js';\nexport type F = typeof scoreCommand;\n"],
  ['src/commands/wrong.ts', "import { fmtCommand } from '../commands/fmt.js';\nexport const f = fmtCommand;\n"],
  ['src/commands/wrong.ts', "export { fmtCommand } from './fmt.js';\n"],
  ['src/commands/wrong.ts', "export const f = () => import('./fmt.js');\n"],
  ['src/commands/wrong.ts', "const where = './fmt.js';\nexport const f = () => import(where);\n"],
  ['src/commands/wrong.ts', "import { commands } from '../registry.js';\nexport const f = commands;\n"],
  // command-kit is below the commands.
  ['src/command-kit/wrong.ts', "import { fmtCommand } from '../commands/fmt.js';\nexport const f = fmtCommand;\n"],
  // read and write sit below everything that presents.
  ['src/read/wrong.ts', "import { terminalText } from '../render/escape.js';\nexport const f = terminalText;\n"],
  ['src/write/wrong.ts', "import { scoreCommand } from '../commands/score.js';\nexport const f = scoreCommand;\n"],
  ['src/read/wrong.ts', "import { openWorkspace } from '../command-kit/workspace.js';\nexport const f = openWorkspace;\n"],
  // the foundation (labels, schemas, errors, exit codes) uses nothing above the model.
  ['src/i18n/wrong.ts', "import { scoreStrategy } from '../scoring/score.js';\nexport const f = scoreStrategy;\n"],
  ['src/errors.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
];

// What the layers really import today: the rules must let these through.
const accepted: Array<[file: string, code: string]> = [
  ['src/scoring/fine.ts', "import type { Strategy } from '../model/types.js';\nexport type F = Strategy;\n"],
  [
    'src/diff/fine.ts',
    "import { isDeepStrictEqual } from 'node:util';\nimport { scoreStrategy } from '../scoring/score.js';\nexport const f = [isDeepStrictEqual, scoreStrategy];\n",
  ],
  [
    'src/model/fine.ts',
    "import { createHash } from 'node:crypto';\nimport { parseDocument } from 'yaml';\nexport const f = [createHash, parseDocument];\n",
  ],
  [
    'src/results/fine.ts',
    "import { ExitCode } from '../exit-codes.js';\nimport { messages } from '../i18n/messages.js';\nexport const f = [ExitCode, messages];\n",
  ],
  [
    'src/render/fine.ts',
    "import chalk from 'chalk';\nimport { terminalText } from './escape.js';\nimport type { ScoreResult } from '../results/score.js';\nexport type R = ScoreResult;\nexport const f = [chalk, terminalText];\n",
  ],
  [
    'src/render/report/fine.ts',
    "import { terminalText } from '../escape.js';\nimport { scoreStrategy } from '../../scoring/score.js';\nexport const f = [terminalText, scoreStrategy];\n",
  ],
  [
    'src/commands/fine.ts',
    "import { openWorkspace } from '../command-kit/workspace.js';\nimport { formats } from '../render/formats.js';\nexport const f = [openWorkspace, formats];\nexport const g = () => import('../read/git.js');\n",
  ],
  [
    'src/command-kit/fine.ts',
    "import { readFileSync } from 'node:fs';\nimport chalk from 'chalk';\nimport { renderEdits } from '../render/render-edits.js';\nexport const f = [readFileSync, chalk, renderEdits];\n",
  ],
  [
    'src/read/fine.ts',
    "import { readFileSync } from 'node:fs';\nimport { simpleGit } from 'simple-git';\nimport { updateYamlFile } from '../write/update-yaml-file.js';\nexport const f = [readFileSync, simpleGit, updateYamlFile];\n",
  ],
  ['src/registry.ts', "import { fmtCommand } from './commands/fmt.js';\nexport const commands = [fmtCommand];\n"],
];

describe('layer boundaries are enforced by ESLint', () => {
  it.each(refused)('refuses, in %s: %s', async (file, code) => {
    await expectRefused(file, code);
  });

  it.each(accepted)('accepts, in %s: %s', async (file, code) => {
    await expectAccepted(file, code);
  });

  it('names the layer rule and the way out in the message', async () => {
    const messages = await problems('src/commands/wrong.ts', "import { fmtCommand } from './fmt.js';\nexport const f = fmtCommand;\n");
    expect(messages.map((m) => m.message).join('\n')).toContain('src/command-kit');
  });

  it('puts every folder of src/ under a boundary block (a new folder must be placed on purpose)', async () => {
    const unplaced: string[] = [];
    for (const entry of readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !/\.[cm]?ts$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
      const file = relative(root, join(entry.parentPath, entry.name));
      // registry.ts and cli.ts are the top: they may import every layer.
      if (file === join('src', 'registry.ts') || file === join('src', 'cli.ts')) continue;
      const config = (await eslint.calculateConfigForFile(join(root, file))) as { rules?: Record<string, unknown> } | undefined;
      const rule = config?.rules?.['@typescript-eslint/no-restricted-imports'];
      if (!Array.isArray(rule) || rule[0] === 0 || rule[0] === 'off') unplaced.push(file);
    }
    expect(unplaced).toEqual([]);
  });

  it('finds no problem in the real tree (src, tests, bench, scripts)', async () => {
    const results = await eslint.lintFiles(['.']);
    const linted = results.map((r) => relative(root, r.filePath));
    for (const dir of ['src', 'tests', 'bench', 'scripts'])
      expect(
        linted.some((f) => f.startsWith(`${dir}/`)),
        `${dir}/ is linted`,
      ).toBe(true);
    const found = results.flatMap((r) =>
      r.messages.map((m) => `${relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`),
    );
    expect(found).toEqual([]);
  }, 120_000);

  it('has no boundary violation hidden by an eslint-disable comment in src/', async () => {
    // A disable comment is a legitimate escape for style rules, never for a layer boundary.
    const strict = new ESLint({ cwd: root, allowInlineConfig: false });
    const results = await strict.lintFiles(['src']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => BOUNDARY_RULES.includes(m.ruleId ?? ''))
        .map((m) => `${relative(root, r.filePath)}:${m.line} ${m.ruleId ?? ''}`),
    );
    expect(found).toEqual([]);
  }, 120_000);
});
