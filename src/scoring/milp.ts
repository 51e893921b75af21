// A mixed-integer linear programme as plain data, and the solver as a function passed in: compute
// stays pure (no WebAssembly, no loading), the command layer loads HiGHS and hands it over
// (src/command-kit/highs.ts). Every answer is checked again in exact integer arithmetic by the caller.

export interface LinearTerm {
  variable: string;
  coefficient: number;
}

export interface MilpVariable {
  /** Letters, digits and underscores only, so every LP-format writer takes it as it is. */
  name: string;
  lower: number;
  upper: number;
  integer: boolean;
}

/** lower ≤ Σ terms ≤ upper; a missing side is unbounded. */
export interface MilpConstraint {
  terms: readonly LinearTerm[];
  lower?: number;
  upper?: number;
}

export interface MilpProblem {
  /** Minimised. */
  objective: readonly LinearTerm[];
  variables: readonly MilpVariable[];
  constraints: readonly MilpConstraint[];
}

export type MilpOutcome =
  | { status: 'optimal'; objective: number; values: Readonly<Record<string, number>> }
  | { status: 'infeasible' }
  | { status: 'failed'; detail: string };

export type MilpSolver = (problem: MilpProblem) => MilpOutcome;

/** The solver's value of an integer variable, or undefined when it is not within 10⁻⁶ of a whole number. */
export function wholeValue(values: Readonly<Record<string, number>>, name: string): number | undefined {
  const v = values[name] ?? 0;
  // + 0 turns the −0 of a value like −1e−12 into 0, which YAML would otherwise write as "-0".
  const r = Math.round(v) + 0;
  return Math.abs(v - r) <= 1e-6 ? r : undefined;
}
