// npm run bench:against -- REF [--start-up]: this build against the build of an earlier revision, side by
// side on the same machine, the same strategies and the same moment, so "no ratio may get worse"
// can be checked without trusting figures measured on another day. Each build gets its own
// checkout (a temporary git worktree, its own `npm ci`) and its own parse cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.mjs';
import { paired } from './paired.mjs';

const root = new URL('..', import.meta.url).pathname;
const [ref] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (ref === undefined) {
  console.error('usage: npm run bench:against -- REF   (a commit, tag or branch to compare this build with)');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
let commit;
try {
  // --end-of-options: a ref is never read as an option, whatever it looks like.
  commit = git('rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`);
} catch {
  console.error(`not a commit in this repository: ${ref}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'itstrat-against-'));
const checkout = join(work, 'base');
const quiet = { cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'] };
try {
  git('worktree', 'add', '--detach', checkout, commit);
  console.error(`building ${ref} (${commit.slice(0, 10)}) in a temporary worktree …`);
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], quiet);
  execFileSync(process.execPath, ['scripts/build.mjs'], quiet);
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

  const builds = {
    current: { bin: join(root, 'bin/itstrat.js'), cache: join(work, 'cache-current') },
    base: { bin: join(checkout, 'bin/itstrat.js'), cache: join(work, 'cache-base') },
  };
  const run = (build, args, env = {}) => ({
    command: process.execPath,
    args: [build.bin, ...args],
    env: { ITSTRAT_CACHE_DIR: build.cache, ...env },
  });
  const strategy = join(root, 'strategy');
  const large = generate(join(work, 's10000'), 10000);
  const rows = [
    ['score, bundled strategy, parse cache warm', ['score', '--dir', strategy], {}, 15],
    ['score, bundled strategy, no caches', ['score', '--dir', strategy], { ITSTRAT_CACHE: '0' }, 15],
    ['validate, 10k measures, parse cache warm', ['validate', '--dir', large, '--format', 'json'], {}, 7],
    ['validate, 10k measures, no caches', ['validate', '--dir', large, '--format', 'json'], { ITSTRAT_CACHE: '0' }, 7],
    ['score --format json, 10k measures, parse cache warm', ['score', '--dir', large, '--format', 'json'], {}, 7],
    ['score --format json, 10k measures, no caches', ['score', '--dir', large, '--format', 'json'], { ITSTRAT_CACHE: '0' }, 7],
    ['score table (piped), 10k measures, parse cache warm', ['score', '--dir', large], {}, 5],
  ];
  // --start-up: only the two start-up rows (a minute instead of five).
  if (process.argv.includes('--start-up')) rows.splice(2);
  console.log(
    `itstrat against ${ref} (${commit.slice(0, 10)}) · ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}`,
  );
  console.log('ratio = this build / that build, the median of pairs run in turn (below 1: faster now)\n');
  for (const [label, args, env, runs] of rows) {
    // One run each first, so "warm" means warm for both builds.
    for (const build of Object.values(builds))
      spawnSync(process.execPath, [build.bin, ...args], {
        env: { ...process.env, ITSTRAT_CACHE_DIR: build.cache, ...env },
        stdio: 'ignore',
      });
    const p = paired(run(builds.current, args, env), run(builds.base, args, env), { runs });
    console.log(`${label.padEnd(54)} ${p.a.toFixed(0).padStart(6)} ms vs ${p.b.toFixed(0).padStart(6)} ms   ratio ${p.ratio.toFixed(2)}`);
  }
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', checkout], { cwd: root, stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
