// Synthetic strategies shaped like the bundled one: the bundled measures as templates,
// renumbered across the five Handlungsfelder, with seeded random scores.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundled = join(root, 'strategy');

/** mulberry32: a small seeded PRNG, so every run generates the same strategy. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fields = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation', 'uebergeordnet'];

export function measureText(template, id, field, scores, decision) {
  return template
    .replace(/^id: ".*"$/m, `id: "${id}"`)
    .replace(/^field: .*$/m, `field: ${field}`)
    .replace(/^  strategy: \d$/m, `  strategy: ${scores[0]}`)
    .replace(/^  quality: \d$/m, `  quality: ${scores[1]}`)
    .replace(/^  security: \d$/m, `  security: ${scores[2]}`)
    .replace(/^  external: \d$/m, `  external: ${scores[3]}`)
    .replace(/^decision: .*$/m, `decision: ${decision}`);
}

export function templates() {
  return readdirSync(join(bundled, 'measures'))
    .sort()
    .map((f) => readFileSync(join(bundled, 'measures', f), 'utf8'));
}

/** Writes a strategy with n measures to dir (replacing it). */
export function generate(dir, n, seed = 1) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'measures'), { recursive: true });
  for (const f of ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml']) cpSync(join(bundled, f), join(dir, f));
  const random = rng(seed);
  const t = templates();
  const perField = Math.ceil(n / fields.length);
  let written = 0;
  for (let f = 0; f < fields.length && written < n; f++) {
    for (let i = 1; i <= perField && written < n; i++, written++) {
      const scores = [0, 1, 2, 3].map(() => Math.floor(random() * 5));
      const score = 4 * scores[0] + scores[1] + scores[2] + 3 * scores[3];
      const id = `${f + 1}.${i}`;
      const text = measureText(t[written % t.length], id, fields[f], scores, f < 4 && score >= 19 ? 'prioritized' : 'not_prioritized');
      writeFileSync(join(dir, 'measures', `${id}-massnahme.yaml`), text);
    }
  }
  return dir;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/generate.mjs DIR N');
    process.exit(2);
  }
  generate(dir, Number(n));
  console.log(`${n} measures in ${dir}`);
}
