import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyStrategy, editFile, root } from './helpers/cli.js';

interface Step {
  name: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** Evaluates the only expressions the action may use, and only in `env:`. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([a-z_.]+)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return root;
    if (expr.startsWith('inputs.')) return inputs[expr.slice(7)] ?? action.inputs[expr.slice(7)]?.default ?? '';
    throw new Error(`unexpected expression ${expr}`);
  });
}

function runAction(inputs: Record<string, string>, cwd: string): { status: number | null; stdout: string } {
  let stdout = '';
  for (const step of action.runs.steps) {
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs);
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd, env, encoding: 'utf8' });
    stdout += r.stdout;
    if (r.status !== 0) return { status: r.status, stdout };
  }
  return { status: 0, stdout };
}

describe('the CI example', () => {
  it('is a composite action whose scripts never expand expressions inline', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.run, step.name).not.toContain('${{');
  });

  it('passes on the bundled strategy', () => {
    const r = runAction({ dir: 'strategy' }, root);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('fails with pull-request annotations on a broken strategy', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('  strategy: 3', '  strategy: 7'));
    const r = runAction({ dir: 'strategy' }, join(dir, '..'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      '::error file=strategy/measures/1.6-evergabe.yaml,line=15,col=13,endLine=15,endColumn=13,title=itstrat score-range::scores.strategy must be at most 4 (found 7)\n',
    );
  });

  it('treats a hostile input as data', () => {
    const r = runAction({ dir: '$(touch /tmp/itstrat-pwned); strategy' }, root);
    expect(r.status).toBe(2);
    expect(() => readFileSync('/tmp/itstrat-pwned')).toThrow();
  });

  it('passes refs to the report workflow only through the environment', () => {
    const workflow = parse(readFileSync(join(root, '.github/workflows/strategy-report.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string; with?: Record<string, unknown> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.find((s) => s.with?.['fetch-depth'] !== undefined)?.with?.['fetch-depth']).toBe(0);
    const runs = steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
    expect(runs.some((r) => r.includes('--format markdown'))).toBe(true);
    expect(runs.some((r) => r.includes('--fail-on priority-change,removed'))).toBe(true);
    for (const r of runs) expect(r).not.toContain('${{');
  });

  it('runs the action from the workflow on pull requests', () => {
    const workflow = parse(readFileSync(join(root, '.github/workflows/validate-strategy.yml'), 'utf8')) as {
      on: { pull_request: unknown };
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    expect(workflow.on.pull_request).toBeDefined();
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.find((s) => s.uses === './')?.with).toEqual({ dir: 'strategy' });
  });
});
