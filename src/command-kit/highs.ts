// The MILP solver for `calibrate`: HiGHS (Huangfu & Hall 2018) compiled to WebAssembly. Loaded
// here, on first use, from its own bundle (dist/highs.cjs) with its 3.5 MB of WebAssembly beside it
// (dist/highs.wasm): no other command reads or compiles either.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MilpProblem, MilpSolver, LinearTerm } from '../scoring/milp.js';
import { CliError } from '../errors.js';

/** `+ 3 w0 - 1 t`: the whole-number coefficients of the formulations, written exactly. */
function sum(terms: readonly LinearTerm[]): string {
  const text = terms
    .filter((t) => t.coefficient !== 0)
    .map((t) => `${t.coefficient < 0 ? '-' : '+'} ${Math.abs(t.coefficient)} ${t.variable}`)
    .join(' ');
  return text === '' ? '0 t' : text;
}

/** The problem in CPLEX LP format, the text HiGHS reads. */
export function lpText(problem: MilpProblem): string {
  const rows: string[] = [];
  problem.constraints.forEach((c, i) => {
    const lhs = sum(c.terms);
    if (c.lower !== undefined && c.lower === c.upper) rows.push(` c${i}: ${lhs} = ${c.lower}`);
    else {
      if (c.lower !== undefined) rows.push(` c${i}l: ${lhs} >= ${c.lower}`);
      if (c.upper !== undefined) rows.push(` c${i}u: ${lhs} <= ${c.upper}`);
    }
  });
  const objective = problem.objective.length === 0 ? '0 t' : sum(problem.objective);
  return [
    'Minimize',
    ` obj: ${objective}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...problem.variables.map((v) => ` ${v.lower} <= ${v.name} <= ${v.upper}`),
    'Generals',
    ` ${problem.variables
      .filter((v) => v.integer)
      .map((v) => v.name)
      .join(' ')}`,
    'End',
    '',
  ].join('\n');
}

/** dist/highs.wasm beside the bundle; from source (tests), the package's own copy. */
function locate(file: string): string {
  const beside = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve('highs/runtime');
}

let loaded: Promise<MilpSolver> | undefined;

/**
 * Seconds one solve may take. A strategy of thousands of contradictory decisions could keep the
 * branch and bound busy for very long; past this the run ends with exit 2 saying so (the answer is
 * not proven, so it is not given), instead of hanging.
 */
const TIME_LIMIT = 120;

/**
 * No relative gap: the default 10⁻⁴ would accept a worse weighting on a large objective. The
 * feasibility tolerances stay HiGHS's own: tightened to 10⁻⁹, the big-M rows of a strategy with
 * contradictory decisions and weights up to 1000 came back "optimal" at 16 disagreements where 13
 * are reachable (the exact check caught it). The caller checks every answer in integer arithmetic.
 */
const OPTIONS = { output_flag: false, mip_rel_gap: 0, time_limit: TIME_LIMIT } as const;

export function loadSolver(): Promise<MilpSolver> {
  loaded ??= (async () => {
    let highs;
    try {
      const module = await import('highs');
      const loader = (module as { default?: typeof module.default }).default ?? (module as unknown as typeof module.default);
      highs = await loader({ locateFile: locate });
    } catch (error) {
      // A broken install (a file of the package missing) is said as such, not as an internal error.
      throw new CliError(
        `calibrate: cannot load the MILP solver HiGHS (dist/highs.cjs and dist/highs.wasm of the package): ${
          error instanceof Error ? error.message.split('\n')[0] : String(error)
        }; reinstall itstrat`,
      );
    }
    return (problem: MilpProblem) => {
      let result;
      try {
        result = highs.solve(lpText(problem), OPTIONS);
      } catch (error) {
        return { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
      }
      if (result.Status === 'Infeasible') return { status: 'infeasible' };
      if (result.Status !== 'Optimal') return { status: 'failed', detail: `status ${result.Status}` };
      const values = Object.fromEntries(Object.entries(result.Columns).map(([name, c]) => [name, 'Primal' in c ? c.Primal : Number.NaN]));
      return { status: 'optimal', objective: result.ObjectiveValue, values };
    };
  })();
  return loaded;
}
