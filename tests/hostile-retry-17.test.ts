// Hostile re-try of issue 17 (calibration as a MILP, sensitivity in every direction): options
// given twice, decimal commas, the JSON contract of `critical`, strategies with 1, 2, 7 and 8
// Leitplanken checked against brute force and against the built binary's own `score --weights`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSolver } from '../src/command-kit/highs.js';
import type { ScoreInput } from '../src/scoring/score.js';
import { calibrateMilp, run, type CalibrationOptions } from '../src/scoring/calibrate.js';
import type { MilpSolver } from '../src/scoring/milp.js';
import { arbDecidedRows, syntheticStrategy } from './helpers/fixtures.js';
import { bundled, itstrat, root } from './helpers/cli.js';

/** mulberry32, so every run builds the same strategies. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = 'consistent' | 'identical' | 'none' | 'never';

/**
 * A strategy with k Leitplanken (lp1…lpk, weights 1, 2, 3, 1, …, a comment on each id line) and n
 * measures over the four prioritisable fields of the bundled strategy; decisions follow the
 * weights ('consistent'), or every measure scores 2 everywhere ('identical'), or none is recorded
 * ('none'), or none is prioritised and the first scores the top of the scale everywhere ('never').
 */
function strategyWith(k: number, n: number, mode: Mode, seed = 1, top = 4): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'itstrat-h17-')), 'strategy');
  mkdirSync(join(dir, 'measures'), { recursive: true });
  cpSync(join(bundled, 'strategy.yaml'), join(dir, 'strategy.yaml'));
  // The bundled metrics serve the bundled Leitplanken; here they serve the further goal.
  writeFileSync(
    join(dir, 'metrics.yaml'),
    readFileSync(join(bundled, 'metrics.yaml'), 'utf8').replace(/goal: (strategy|quality|security|external)\b/g, 'goal: cost-benefit'),
  );
  const ids = Array.from({ length: k }, (_, j) => `lp${j + 1}`);
  const weights = ids.map((_, j) => (j % 3) + 1);
  const threshold = mode === 'identical' ? 5 : weights.reduce((s, w) => s + 2 * w, 0);
  const lines = ['# Leitplanken', `threshold: ${threshold}`, 'leitplanken:'];
  ids.forEach((id, j) =>
    lines.push(
      `  - id: ${id} # Nummer ${j + 1}`,
      `    title: Leitplanke ${j + 1}`,
      `    criterion: Kriterium ${j + 1}`,
      `    short: LP${j + 1}`,
      '    scale:',
      ...Array.from({ length: top + 1 }, (_, v) => [`      - value: ${v}`, `        text: Stufe ${v}`]).flat(),
      `    weight: ${weights[j]} # Gewicht`,
    ),
  );
  writeFileSync(join(dir, 'leitplanken.yaml'), `${lines.join('\n')}\n`);
  const random = rng(seed);
  const fields = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation'];
  for (let i = 0; i < n; i++) {
    const scores = ids.map(() => (mode === 'identical' ? 2 : mode === 'never' && i === 0 ? top : Math.floor(random() * (top + 1))));
    const score = scores.reduce((s, x, j) => s + x * weights[j]!, 0);
    const id = `${(i % 4) + 1}.${Math.floor(i / 4) + 1}`;
    const decision = mode === 'none' ? [] : [`decision: ${score >= threshold && mode !== 'never' ? 'prioritized' : 'not_prioritized'}`];
    writeFileSync(
      join(dir, 'measures', `${id}-m.yaml`),
      `${[
        `id: "${id}"`,
        `title: Maßnahme ${id}`,
        `field: ${fields[i % 4]}`,
        'description: d',
        'source: [Interview]',
        'current_state: c',
        'recommendation: r',
        'scores:',
        ...ids.map((l, j) => `  ${l}: ${scores[j]}`),
        ...decision,
      ].join('\n')}\n`,
    );
  }
  return dir;
}

const json = <T>(args: string[]): T => {
  const r = itstrat(args);
  if (r.status !== 0) throw new Error(`itstrat ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

describe('comma-list options given twice are joined, never last-one-wins', () => {
  it('calibrate --fix a=… --fix b=… keeps both; the same Leitplanke in both is refused', () => {
    // Exit 1: with security 5 some decisions disagree; the weights are what counts here.
    const r = itstrat(['calibrate', '--fix', 'security=5', '--fix', 'quality=2', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { weights: Record<string, number> }).weights).toMatchObject({ security: 5, quality: 2 });
    const twice = itstrat(['calibrate', '--fix', 'security=5', '--fix', 'Sicherheit=2']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--fix: security is given twice/);
  });

  it('calibrate --bounds twice keeps both ranges, and --fix with --bounds on one Leitplanke stays refused', () => {
    // external=5..6 alone gives quality 2: the first range must still hold.
    const r1 = itstrat(['calibrate', '--bounds', 'quality=3..4', '--bounds', 'external=5..6', '--format', 'json']);
    const out = JSON.parse(r1.stdout) as { weights: Record<string, number> };
    expect(out.weights['quality']).toBeGreaterThanOrEqual(3);
    expect(out.weights['external']).toBeGreaterThanOrEqual(5);
    const r = itstrat(['calibrate', '--bounds', 'strategy=2..6', '--bounds', 'quality=1..2', '--fix', 'strategy=3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--fix and --bounds both name strategy/);
  });

  it('score --weights twice applies both; the same Leitplanke twice exits 2', () => {
    const out = json<{ criteria: { id: string; weight: number }[] }>([
      'score',
      '--weights',
      'strategy=3',
      '--weights',
      'quality=2',
      '--format',
      'json',
    ]);
    expect(Object.fromEntries(out.criteria.map((c) => [c.id, c.weight]))).toEqual({ strategy: 3, quality: 2, security: 1, external: 3 });
    const r = itstrat(['score', '--weights', 'strategy=3', '--weights', 'strategy=2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--weights: strategy is given twice \(strategy=3 and strategy=2\)/);
  });
});

describe('a German decimal comma is named as such, not "cannot read 5"', () => {
  it.each([
    [['calibrate', '--fix', 'security=1,5'], /--fix: "security=1,5" has a decimal comma; weights are whole numbers/],
    [['calibrate', '--bounds', 'strategy=2..6,5'], /--bounds: "strategy=2\.\.6,5" has a decimal comma/],
    [['score', '--weights', 'strategy=1,5'], /--weights: "strategy=1,5" has a decimal comma; .*e\.g\. --weights strategy=3,quality=2/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = itstrat([...args, '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('score --sensitivity JSON: a stable contract', () => {
  it('every entry of critical has the same keys, also when no change of a weight flips anything', () => {
    type Out = { sensitivity: { critical: Record<string, unknown>[]; most_critical: unknown } };
    const keys = ['delta', 'flips', 'leitplanke', 'relative'];
    // Threshold 0: every measure of a prioritisable field stays prioritised under any weighting.
    const none = json<Out>(['score', '--sensitivity', '--threshold', '0', '--format', 'json']);
    expect(none.sensitivity.most_critical).toBeNull();
    for (const c of none.sensitivity.critical) expect(Object.keys(c).sort()).toEqual(keys);
    expect(none.sensitivity.critical.map((c) => [c['delta'], c['relative'], c['flips']])).toEqual(Array(4).fill([null, null, null]));
    const some = json<Out>(['score', '--sensitivity', '--format', 'json']);
    for (const c of some.sensitivity.critical) expect(Object.keys(c).sort()).toEqual(keys);
  });
});

type Sens = {
  criteria: { id: string; weight: number }[];
  threshold: number;
  measures: {
    id: string;
    field: string;
    scores: Record<string, number>;
    prioritized: boolean;
    flip_distance: number | null;
    flip_l1: { distance: number; weights: Record<string, number> } | null;
  }[];
  sensitivity: { stability: { radius: { distance: number } | null; flips: string | null } };
};

/** Every witness fed back to the built binary's `score --weights` flips its measure. */
function witnessesFlip(dir: string, out: Sens): number {
  const groups = new Map<string, string[]>();
  for (const m of out.measures) {
    if (m.flip_l1 === null) continue;
    const spec = out.criteria.map((c) => `${c.id}=${m.flip_l1!.weights[c.id]}`).join(',');
    groups.set(spec, [...(groups.get(spec) ?? []), m.id]);
  }
  const before = new Map(out.measures.map((m) => [m.id, m.prioritized]));
  for (const [spec, ids] of groups) {
    const after = new Map(
      json<Sens>(['score', '--dir', dir, '--weights', spec, '--format', 'json']).measures.map((m) => [m.id, m.prioritized]),
    );
    for (const id of ids) expect(after.get(id), `${id} under ${spec}`).toBe(!before.get(id));
  }
  return groups.size;
}

describe('sensitivity in every direction on 1, 2, 7 and 8 Leitplanken', () => {
  it.each([1, 2])('%i Leitplanke(n): every flip_l1 is the exhaustive minimum over all weightings 0–1000', (k) => {
    const dir = strategyWith(k, 24, 'consistent', k);
    const out = json<Sens>(['score', '--dir', dir, '--sensitivity', '--format', 'json']);
    expect(witnessesFlip(dir, out)).toBeGreaterThan(0);
    const w = out.criteria.map((c) => c.weight);
    const ids = out.criteria.map((c) => c.id);
    // Every weight vector in [0, 1000]^k but all 0, by L1 distance from the current weights.
    const best = new Map<string, number>();
    const each = (v: number[]): void => {
      const d = v.reduce((s, x, j) => s + Math.abs(x - w[j]!), 0);
      for (const m of out.measures) {
        const score = ids.reduce((s, id, j) => s + (m.scores[id] ?? 0) * v[j]!, 0);
        if (score >= out.threshold !== m.prioritized && d < (best.get(m.id) ?? Infinity)) best.set(m.id, d);
      }
    };
    if (k === 1) for (let a = 1; a <= 1000; a++) each([a]);
    else for (let a = 0; a <= 1000; a++) for (let b = a === 0 ? 1 : 0; b <= 1000; b++) each([a, b]);
    for (const m of out.measures) expect(m.flip_l1?.distance ?? null, m.id).toBe(best.get(m.id) ?? null);
    const radius = Math.min(...best.values());
    expect(out.sensitivity.stability.radius?.distance).toBe(radius);
  });

  it.each([7, 8])('%i Leitplanken: every witness flips, none closer within L1 distance 2', (k) => {
    const dir = strategyWith(k, 24, 'consistent', k);
    const out = json<Sens>(['score', '--dir', dir, '--sensitivity', '--format', 'json']);
    expect(witnessesFlip(dir, out)).toBeGreaterThan(0);
    const w = out.criteria.map((c) => c.weight);
    const ids = out.criteria.map((c) => c.id);
    // All changes of L1 size 1 and 2: any that flips a measure bounds its flip_l1 from above.
    const changes: number[][] = [];
    for (let i = 0; i < k; i++)
      for (const si of [-1, 1]) {
        changes.push(w.map((x, j) => x + (j === i ? si : 0)));
        for (let j = i; j < k; j++) for (const sj of [-1, 1]) changes.push(w.map((x, l) => x + (l === i ? si : 0) + (l === j ? sj : 0)));
      }
    for (const v of changes) {
      if (v.some((x) => x < 0) || v.every((x) => x === 0)) continue;
      const d = v.reduce((s, x, j) => s + Math.abs(x - w[j]!), 0);
      for (const m of out.measures) {
        const score = ids.reduce((s, id, j) => s + (m.scores[id] ?? 0) * v[j]!, 0);
        if (score >= out.threshold !== m.prioritized) expect(m.flip_l1?.distance, `${m.id} flips at ${v.join(',')}`).toBeLessThanOrEqual(d);
      }
    }
  });

  it('identical scores everywhere: all flip together, no single weight flips any, the witness checks out', () => {
    const dir = strategyWith(4, 12, 'identical');
    const out = json<Sens & { sensitivity: { most_critical: unknown } }>(['score', '--dir', dir, '--sensitivity', '--format', 'json']);
    // Weights 1, 2, 3, 1 (sum 7), every score 2·7 = 14 ≥ 5: a flip needs a weight sum ≤ 2, so 5 units.
    expect(new Set(out.measures.map((m) => m.flip_l1?.distance))).toEqual(new Set([5]));
    expect(out.sensitivity.most_critical).toBeNull();
    expect(witnessesFlip(dir, out)).toBe(1);
  });
});

describe('calibrate on 1, 2, 7 and 8 Leitplanken, with no or equal decisions', () => {
  it.each([1, 2, 7, 8])('%i Leitplanke(n), --sum 100: exact, the sum kept, --write keeps the comments and score --check passes', (k) => {
    const dir = strategyWith(k, 24, 'consistent', 10 + k);
    const r = itstrat(['calibrate', '--dir', dir, '--sum', '100', '--write', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { weights: Record<string, number>; exact: boolean; agreement: number };
    expect(out).toMatchObject({ exact: true, agreement: 24 });
    expect(Object.values(out.weights).reduce((a, b) => a + b, 0)).toBe(100);
    const text = readFileSync(join(dir, 'leitplanken.yaml'), 'utf8');
    expect(text.match(/ # Gewicht\n/g)).toHaveLength(k);
    expect(text.match(/ # Nummer \d+\n/g)).toHaveLength(k);
    expect(itstrat(['score', '--dir', dir, '--check']).status).toBe(0);
  });

  it('no recorded decision: exit 1 saying so, in the search and in the MILP alike', () => {
    const dir = strategyWith(4, 12, 'none');
    for (const extra of [[], ['--max-weight', '1000']]) {
      const r = itstrat(['calibrate', '--dir', dir, ...extra]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/no measure has a recorded decision/);
      expect(r.stdout).toBe('');
    }
  });
});

/** Everything the MILP must match, found by trying every weighting independently of src/. */
function bruteForce(
  input: ScoreInput,
  options: { minWeight: number; maxWeight: number; ranges: Record<string, { min: number; max: number }>; sum?: number },
) {
  const ids = input.leitplanken.map((l) => l.id);
  const decided = input.measures.filter((m) => m.decision !== undefined);
  const range = ids.map((id) => options.ranges[id] ?? { min: options.minWeight, max: options.maxWeight });
  let best: { errors: number; sum: number; weights: number[]; threshold: number } | undefined;
  const v = range.map((r) => r.min);
  const visit = (): void => {
    const sum = v.reduce((a, b) => a + b, 0);
    if (sum === 0 || (options.sum !== undefined && sum !== options.sum)) return;
    const scores = decided.map((m) => ids.reduce((s, id, j) => s + (m.scores[id] ?? 0) * v[j]!, 0));
    // The errors change only just above a score: the lowest threshold of the best is 0 or a score + 1.
    let errors = Infinity;
    let threshold = 0;
    for (const t of [...new Set([0, ...scores.map((s) => s + 1)])].sort((a, b) => a - b)) {
      const e = decided.filter((m, i) => (m.field === 'open' && scores[i]! >= t ? 'prioritized' : 'not_prioritized') !== m.decision).length;
      if (e < errors) [errors, threshold] = [e, t];
    }
    const lexLess = (): boolean => {
      for (let j = 0; j < v.length; j++) if (v[j] !== best!.weights[j]) return v[j]! < best!.weights[j]!;
      return false;
    };
    if (best === undefined || errors < best.errors || (errors === best.errors && (sum < best.sum || (sum === best.sum && lexLess()))))
      best = { errors, sum, weights: [...v], threshold };
  };
  for (;;) {
    visit();
    let j = v.length - 1;
    while (j >= 0 && v[j] === range[j]!.max) v[j] = range[j--]!.min;
    if (j < 0) break;
    v[j]!++;
  }
  return best;
}

describe('the threshold stays what leitplanken.yaml may hold', () => {
  it('12 weights of 1000 on scores of 10 recorded as not prioritised: --write leaves a valid file, not threshold 120001', () => {
    const dir = strategyWith(12, 8, 'never', 3, 10);
    const fix = Array.from({ length: 12 }, (_, j) => `lp${j + 1}=1000`).join(',');
    const r = itstrat(['calibrate', '--dir', dir, '--fix', fix, '--write', '--format', 'json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { threshold: number; disagreements: { id: string; score: number }[] };
    // 120 000 is the highest threshold there is, and 1.1 reaches it: it cannot help but disagree.
    expect(out.threshold).toBeLessThanOrEqual(120000);
    expect(out.disagreements).toEqual([expect.objectContaining({ id: '1.1', score: 120000 })]);
    expect(r.status).toBe(1);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });

  it('the MILP caps its threshold the same way', async () => {
    const solver = await loadSolver();
    const top = Array.from({ length: 11 }, (_, v) => ({ value: v, text: `${v}` }));
    const input = syntheticStrategy(Array<number>(12).fill(1), [
      { scores: Array(12).fill(10), open: true, decision: 2 },
      { scores: Array(12).fill(1), open: true, decision: 2 },
    ]);
    const leitplanken = input.leitplanken.map((l) => ({ ...l, scale: top }));
    const options = { minWeight: 1000, maxWeight: 1000 };
    const milp = run(calibrateMilp({ ...input, leitplanken }, options, solver));
    // Not 120 001 with both agreeing: 1.1 disagrees, and the lowest threshold keeping 1.2 out is 12 001.
    expect(milp).toMatchObject({ threshold: 12001, agreement: 1, disagreements: [expect.objectContaining({ id: '1.1' })] });
  });
});

describe('a broken install', () => {
  it.each(['highs.wasm', 'highs.cjs'])('without dist/%s: exit 2 in one line saying which files, no internal error', (file) => {
    // A copy of the built package (bin, dist) outside the repository, so no node_modules stands in.
    const dir = mkdtempSync(join(tmpdir(), 'itstrat-h17-install-'));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(dir, part), { recursive: true });
    rmSync(join(dir, 'dist', file));
    const r = spawnSync(process.execPath, [join(dir, 'bin/itstrat.js'), '--dir', bundled, 'calibrate', '--max-weight', '100'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^itstrat: calibrate: cannot load the MILP solver HiGHS \(dist\/highs\.cjs and dist\/highs\.wasm of the package\): .*; reinstall itstrat\n$/,
    );
    expect(r.stderr).not.toMatch(/internal error/);
    // Nothing to calibrate against is said before the solver is needed.
    const none = spawnSync(
      process.execPath,
      [join(dir, 'bin/itstrat.js'), '--dir', strategyWith(4, 8, 'none'), 'calibrate', '--max-weight', '1000'],
      { encoding: 'utf8' },
    );
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no measure has a recorded decision/);
    // The commands that do not need the solver still run.
    expect(
      spawnSync(process.execPath, [join(dir, 'bin/itstrat.js'), '--dir', bundled, 'score', '--sensitivity'], { encoding: 'utf8' }).status,
    ).toBe(0);
  });
});

describe('the MILP on 5 to 8 Leitplanken against an independent brute force', () => {
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadSolver();
  });

  it('fewest disagreements, smallest sum, lexicographically smallest, lowest threshold — with --fix, --bounds and --sum', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 8 }).chain((k) =>
          fc.record({
            k: fc.constant(k),
            rows: arbDecidedRows(k, 14),
            minWeight: fc.integer({ min: 0, max: 1 }),
            // 3^8 = 6561 weightings at most, each a few dozen operations.
            maxWeight: fc.integer({ min: 1, max: k > 6 ? 2 : 3 }),
            fixed: fc.option(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: 3 })), { nil: undefined }),
            bounded: fc.option(
              fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
              {
                nil: undefined,
              },
            ),
            sum: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
          }),
        ),
        (c) => {
          const input = syntheticStrategy(Array<number>(c.k).fill(1), c.rows);
          const ranges: Record<string, { min: number; max: number }> = {};
          if (c.bounded !== undefined) ranges[`l${c.bounded[0]}`] = { min: c.bounded[1], max: c.bounded[1] + c.bounded[2] };
          if (c.fixed !== undefined) ranges[`l${c.fixed[0]}`] = { min: c.fixed[1], max: c.fixed[1] };
          const options = { minWeight: c.minWeight, maxWeight: c.maxWeight, ranges, ...(c.sum !== undefined ? { sum: c.sum } : {}) };
          const oracle = bruteForce(input, options);
          if (oracle === undefined) {
            expect(() => run(calibrateMilp(input, options as CalibrationOptions, solver))).toThrow(/calibrate: /);
            return;
          }
          const milp = run(calibrateMilp(input, options as CalibrationOptions, solver));
          compared++;
          expect({
            weights: input.leitplanken.map((l) => milp.weights[l.id]),
            threshold: milp.threshold,
            errors: milp.disagreements.length,
          }).toEqual({ weights: oracle.weights, threshold: oracle.threshold, errors: oracle.errors });
          expect(milp.exact).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(10);
  }, 180_000);
});
