// Timing two commands in turn, shared by run.mjs and against.mjs.
import { spawnSync } from 'node:child_process';

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/**
 * A command against a yardstick, run in turn (A B B A …) so that a machine that slows down or
 * speeds up during the measurement moves both alike: the ratio is the median of the pairs'.
 * Each side is `{ command, args, env }`; `base` is the environment both start from.
 */
export function paired(a, b, { runs = 5, cwd, base = process.env } = {}) {
  const time = ({ command, args, env = {} }) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd, env: { ...base, ...env }, stdio: 'ignore' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (${r.status})`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const as = [];
  const bs = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(time(a));
      bs.push(time(b));
    } else {
      bs.push(time(b));
      as.push(time(a));
    }
  }
  return { a: median(as), b: median(bs), ratio: median(as.map((x, i) => x / bs[i])) };
}
