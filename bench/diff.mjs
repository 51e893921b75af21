// How long `itstrat diff` takes between two revisions of a 10k-measure strategy, against
// `itstrat validate` of one revision (the floor: reading and checking every file once).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, rng } from './generate.mjs';

const N = Number(process.env.N ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 5);
const bin = new URL('../bin/itstrat.js', import.meta.url).pathname;
const repo = mkdtempSync(join(tmpdir(), 'itstrat-bench-'));
const git = (...args) =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' },
  });

git('init', '-q');
generate(join(repo, 'strategy'), N);
git('add', '-A');
git('commit', '-q', '-m', 'v1');
// The second revision rescores 5 % of the measures and reweights one Leitplanke.
const random = rng(2);
for (let i = 0; i < N / 20; i++) {
  const f = 1 + Math.floor(random() * 4);
  const file = join(repo, 'strategy', 'measures', `${f}.${1 + Math.floor(random() * (N / 5))}-massnahme.yaml`);
  try {
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  quality: \d$/m, `  quality: ${Math.floor(random() * 5)}`));
  } catch {
    // The random id may not exist among the generated measures: leave that one unchanged.
  }
}
const lp = join(repo, 'strategy', 'leitplanken.yaml');
writeFileSync(lp, readFileSync(lp, 'utf8').replace(/(id: "security"[\s\S]*?weight: )1/, '$12'));
git('commit', '-q', '-am', 'v2');

function time(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const validate = time(['validate', '--format', 'json']);
const diff = time(['diff', 'HEAD~1', 'HEAD', '--format', 'json']);
console.log(`${N} measures, median of ${RUNS} runs`);
console.log(`validate             ${validate.toFixed(0)} ms`);
console.log(`diff HEAD~1 HEAD     ${diff.toFixed(0)} ms`);
console.log(`ratio diff/validate  ${(diff / validate).toFixed(2)} (goal ≤ 2.5)`);
