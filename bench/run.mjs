// npm run bench: every speed goal of the tool, measured side by side in one run on this machine.
// Ratios compare medians of several runs; nothing here is a unit test.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.mjs';
import { paired as pairedRuns } from './paired.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/itstrat.js');
const work = mkdtempSync(join(tmpdir(), 'itstrat-bench-'));
const cache = join(work, 'cache');
const quick = process.argv.includes('--quick');

/** Median wall time (ms) and peak memory (KiB) of a command over `runs` runs. */
function measure(command, args, { runs = 7, env = {}, cwd = root } = {}) {
  const times = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
      cwd,
      env: { ...process.env, ITSTRAT_CACHE_DIR: cache, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const [, kib] = last.split(' ').map(Number);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    peak = Math.max(peak, kib ?? 0);
  }
  // /usr/bin/time has 10 ms resolution; time the runs again with hrtime for the median.
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(command, args, { cwd, env: { ...process.env, ITSTRAT_CACHE_DIR: cache, ...env }, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], kib: peak };
}

/** See paired.mjs; here every run shares this benchmark's cache folder. */
const paired = (a, b, options = {}) => pairedRuns(a, b, { cwd: root, base: { ...process.env, ITSTRAT_CACHE_DIR: cache }, ...options });

const line = (label, value, goal) => console.log(`${label.padEnd(58)} ${value}${goal ? `   (goal ${goal})` : ''}`);
const ratio = (a, b) => (a / b).toFixed(2);

console.log(
  `itstrat benchmarks · ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}\n`,
);

// 1. Start-up on the bundled strategy, each run in turn with `node -e 0` (see paired).
const nodeRun = { command: process.execPath, args: ['-e', '0'] };
measure(process.execPath, [bin, 'score'], { runs: 1 }); // fills the parse cache
const warm = paired({ command: process.execPath, args: [bin, 'score'] }, nodeRun, { runs: 15 });
const uncached = paired({ command: process.execPath, args: [bin, 'score'], env: { ITSTRAT_CACHE: '0' } }, nodeRun, { runs: 15 });
line('node -e 0', `${warm.b.toFixed(0)} ms`);
line('itstrat score (bundled strategy, parse cache warm)', `${warm.a.toFixed(0)} ms  ratio ${warm.ratio.toFixed(2)}`, '≤ 2');
line(
  'itstrat score (bundled strategy, ITSTRAT_CACHE=0: no user caches)',
  `${uncached.a.toFixed(0)} ms  ratio ${uncached.ratio.toFixed(2)}`,
  '≤ 3',
);

// 2. 10k measures: validate and score --format json against the floor, and ajv-cli for reference.
const sizes = quick ? [1000, 10000] : [1000, 10000, 50000];
const results = [];
for (const n of sizes) {
  const dir = generate(join(work, `s${n}`), n);
  const runs = n >= 50000 ? 3 : 5;
  const floor = measure(process.execPath, [join(root, 'bench/floor.mjs'), dir], { runs });
  const cold = measure(process.execPath, [bin, 'validate', '--dir', dir, '--format', 'json'], { runs, env: { ITSTRAT_CACHE: '0' } });
  measure(process.execPath, [bin, 'validate', '--dir', dir], { runs: 1 });
  const validate = measure(process.execPath, [bin, 'validate', '--dir', dir, '--format', 'json'], { runs });
  const score = measure(process.execPath, [bin, 'score', '--dir', dir, '--format', 'json'], { runs });
  const scoreCold = measure(process.execPath, [bin, 'score', '--dir', dir, '--format', 'json'], { runs, env: { ITSTRAT_CACHE: '0' } });
  results.push({ n, floor, cold, validate, score, scoreCold });
  if (n === 10000) {
    console.log('');
    line(`floor: read + parseDocument + ajv (${n} measures)`, `${floor.ms.toFixed(0)} ms`);
    // Each against the floor run in turn with it: the ratio that holds on a noisy machine.
    const floorRun = { command: process.execPath, args: [join(root, 'bench/floor.mjs'), dir] };
    const against = (args, env = {}) =>
      paired({ command: process.execPath, args: [bin, ...args, '--dir', dir, '--format', 'json'], env }, floorRun, { runs: 7 });
    for (const [label, args, env] of [
      ['itstrat validate (parse cache warm)', ['validate'], {}],
      ['itstrat validate (ITSTRAT_CACHE=0: no caches)', ['validate'], { ITSTRAT_CACHE: '0' }],
      ['itstrat score --format json (parse cache warm)', ['score'], {}],
      ['itstrat score --format json (no caches)', ['score'], { ITSTRAT_CACHE: '0' }],
    ]) {
      const p = against(args, env);
      line(label, `${p.a.toFixed(0)} ms  ratio ${p.ratio.toFixed(2)} (paired with the floor, ${p.b.toFixed(0)} ms)`, '≤ 1.5');
    }

    // The score table on 10k rows against --format json on the same input: piped (natural widths)
    // and on an 80-column pseudo-terminal (wrapping), where the quadratic layout of old hurt.
    const table = measure(process.execPath, [bin, 'score', '--dir', dir], { runs });
    line('itstrat score table, piped, vs --format json', `${table.ms.toFixed(0)} ms  ratio ${ratio(table.ms, score.ms)}`, '≤ 1.5');
    const onTerminal = (format) => [
      '-qec',
      `stty cols 80 rows 40 && exec ${process.execPath} ${bin} score --dir ${dir}${format ? ` --format ${format}` : ''}`,
      '/dev/null',
    ];
    const ttyTable = measure('script', onTerminal(), { runs });
    const ttyJson = measure('script', onTerminal('json'), { runs });
    line(
      'itstrat score table on an 80-column terminal vs json there',
      `${ttyTable.ms.toFixed(0)} ms  ratio ${ratio(ttyTable.ms, ttyJson.ms)}`,
      '≤ 1.5',
    );
    const ajvCli = measure(
      join(root, 'node_modules/.bin/ajv'),
      [
        'validate',
        '--strict=false',
        '--all-errors',
        '-s',
        join(root, 'src/schema/measure.schema.json'),
        '-d',
        join(dir, 'measures/*.yaml'),
      ],
      { runs: 3 },
    );
    line('ajv-cli validate, measure schema only (reference)', `${ajvCli.ms.toFixed(0)} ms  ratio ${ratio(ajvCli.ms, floor.ms)}`);

    // 3. diff between two revisions vs validate of one.
    const repo = join(work, 'repo');
    execFileSync('cp', ['-r', dir, join(work, 'repo-strategy')]);
    const d = spawnSync(process.execPath, [join(root, 'bench/diff.mjs')], {
      env: { ...process.env, N: String(n), RUNS: '3', ITSTRAT_CACHE: '0' },
      encoding: 'utf8',
    });
    const diffRatio = /ratio diff\/validate\s+([\d.]+)/.exec(d.stdout)?.[1];
    const diffMs = /diff HEAD~1 HEAD\s+(\d+) ms/.exec(d.stdout)?.[1];
    line(
      'itstrat diff HEAD~1 HEAD vs validate of one (no caches)',
      diffRatio === undefined ? d.stderr : `${diffMs} ms  ratio ${diffRatio}`,
      '≤ 2.5',
    );
    rmSync(repo, { recursive: true, force: true });
  }
}

// 4. Growth: fitted exponent of the time each size adds over an empty strategy (1 = linear).
const empty = generate(join(work, 's0'), 0);
const base = {
  floor: measure(process.execPath, [join(root, 'bench/floor.mjs'), empty]).ms,
  cold: measure(process.execPath, [bin, 'validate', '--dir', empty, '--format', 'json'], { env: { ITSTRAT_CACHE: '0' } }).ms,
  validate: measure(process.execPath, [bin, 'validate', '--dir', empty, '--format', 'json']).ms,
};
const fit = (key) => {
  const xs = results.map((r) => Math.log(r.n));
  const ys = results.map((r) => Math.log(Math.max(1, r[key].ms - base[key])));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  return xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
};
console.log(
  '\ngrowth (no caches)             ' +
    results.map((r) => `${r.n}: ${r.cold.ms.toFixed(0)} ms ${(r.cold.kib / 1024).toFixed(0)} MiB`).join(' · '),
);
console.log(
  'growth (parse cache warm)      ' +
    results.map((r) => `${r.n}: ${r.validate.ms.toFixed(0)} ms ${(r.validate.kib / 1024).toFixed(0)} MiB`).join(' · '),
);
line('fitted exponent, validate without cache', fit('cold').toFixed(2), '≈ 1');
line('fitted exponent, validate with cache', fit('validate').toFixed(2), '≈ 1');
line('fitted exponent, floor', fit('floor').toFixed(2));
// At the smallest size fixed JIT warm-up still weighs in; the step between the two largest sizes shows the trend.
const [a, b] = results.slice(-2);
if (a && b)
  line(`exponent ${a.n} → ${b.n}, validate without cache`, (Math.log(b.cold.ms / a.cold.ms) / Math.log(b.n / a.n)).toFixed(2), '≈ 1');
rmSync(work, { recursive: true, force: true });
