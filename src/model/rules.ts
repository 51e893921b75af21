import { dotted, findingAt, type Finding } from './finding.js';
import { MEASURE_ID } from './ids.js';
import { dependencyCycles } from './dependencies.js';
import { PLACEHOLDER_MARK, placeholderPaths } from './placeholder.js';
import type { ParsedYaml } from './parse-yaml.js';
import { didYouMean } from './suggest.js';
import type { LeitplankenFile, Measure, Metric, MetricsFile, RequirementsFile, StrategyFile } from './types.js';

/** Data that passed its schema, with the parse it came from (for positions). */
export interface Typed<T> {
  data: T;
  parsed: ParsedYaml;
}

/** The parts of a measure the cross-file rules read; a file with schema errors offers what is well-typed. */
export type RuleMeasure = Pick<Measure, 'id' | 'field' | 'scores' | 'depends_on' | 'start' | 'due' | 'decision'>;

export interface RuleInput {
  strategy?: Typed<StrategyFile>;
  leitplanken?: Typed<LeitplankenFile>;
  metrics?: Typed<MetricsFile>;
  requirements?: Typed<RequirementsFile>;
  measures: Typed<Partial<RuleMeasure>>[];
  /** Some measure files could not be read at all (a submodule, a link out of the folder): their ids are unknown. */
  measuresIncomplete?: boolean;
}

const withId = (measures: RuleInput['measures']) =>
  measures.filter((m): m is Typed<Partial<RuleMeasure> & { id: string }> => m.data.id !== undefined);
const withField = (measures: RuleInput['measures']) =>
  measures.filter((m): m is Typed<Partial<RuleMeasure> & { field: string }> => m.data.field !== undefined);
const withScores = (measures: RuleInput['measures']) =>
  measures.filter((m): m is Typed<Partial<RuleMeasure> & { scores: Record<string, number> }> => m.data.scores !== undefined);

/**
 * What of a schema-invalid measure is still well-typed, so that one misspelt key does not
 * hide a duplicate id or an out-of-range score in the same file.
 */
export function salvageMeasure(data: unknown): Partial<RuleMeasure> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const raw = data as Record<string, unknown>;
  const out: Partial<RuleMeasure> = {};
  if (typeof raw['id'] === 'string' && MEASURE_ID.test(raw['id'])) out.id = raw['id'];
  if (typeof raw['field'] === 'string') out.field = raw['field'];
  const scores = raw['scores'];
  if (scores !== null && typeof scores === 'object' && !Array.isArray(scores)) {
    // A mistyped or inexact score (1e308 parses as an "integer") keeps its key (it is not missing) but no value the range rule could judge.
    out.scores = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number.isSafeInteger(v) ? (v as number) : Number.NaN]));
  }
  // Dependencies only when every entry is an id: a cycle through a mistyped list would be a guess.
  const dependsOn = raw['depends_on'];
  if (Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === 'string' && MEASURE_ID.test(d)))
    out.depends_on = dependsOn as string[];
  return out;
}

type Path = (string | number)[];

const at = findingAt;

function duplicates<T>(items: readonly T[], key: (item: T) => string, report: (item: T, first: T) => Finding): Finding[] {
  const seen = new Map<string, T>();
  const findings: Finding[] = [];
  for (const item of items) {
    const first = seen.get(key(item));
    if (first === undefined) seen.set(key(item), item);
    else findings.push(report(item, first));
  }
  return findings;
}

const where = (t: Typed<unknown>, path: Path): string => {
  const { line } = t.parsed.locate(path);
  return `${t.parsed.file.path}:${line}`;
};

export const rules: Record<string, (input: RuleInput) => Finding[]> = {
  'duplicate-id': ({ measures }) =>
    duplicates(
      withId(measures),
      (m) => m.data.id,
      (m, first) => at(m.parsed, ['id'], 'duplicate-id', `measure id ${m.data.id} is already used by ${where(first, ['id'])}`),
    ),

  'id-filename': ({ measures }) =>
    withId(measures).flatMap((m) => {
      const name = m.parsed.file.relative.split('/').pop() ?? '';
      const ok = name.startsWith(`${m.data.id}-`) || name.replace(/\.ya?ml$/, '') === m.data.id;
      return ok
        ? []
        : [
            at(
              m.parsed,
              ['id'],
              'id-filename',
              `id ${m.data.id} does not match the file name ${name}; expected the name to start with "${m.data.id}-"`,
            ),
          ];
    }),

  'unknown-field': ({ measures, strategy }) => {
    if (strategy === undefined) return [];
    const ids = strategy.data.handlungsfelder.map((f) => f.id);
    return withField(measures).flatMap((m) =>
      ids.includes(m.data.field)
        ? []
        : [
            at(
              m.parsed,
              ['field'],
              'unknown-field',
              `unknown Handlungsfeld ${m.data.field}${didYouMean(m.data.field, ids)} (expected one of ${ids.join(', ')})`,
            ),
          ],
    );
  },

  'id-field-number': ({ measures, strategy }) => {
    if (strategy === undefined) return [];
    return withId(withField(measures)).flatMap((m) => {
      const field = strategy.data.handlungsfelder.find((f) => f.id === m.data.field);
      const prefix = Number(m.data.id.split('.')[0]);
      return field === undefined || field.number === prefix
        ? []
        : [
            at(
              m.parsed,
              ['id'],
              'id-field-number',
              `id ${m.data.id} does not start with ${field.number}, the number of Handlungsfeld ${field.id}`,
              { severity: 'warning' },
            ),
          ];
    });
  },

  'scores-complete': ({ measures, leitplanken }) => {
    if (leitplanken === undefined) return [];
    const ids = leitplanken.data.leitplanken.map((l) => l.id);
    return withScores(measures).flatMap((m) => [
      ...ids
        .filter((id) => !Object.hasOwn(m.data.scores, id))
        .map((id) =>
          at(
            m.parsed,
            ['scores'],
            'missing-score',
            `scores has no score for Leitplanke ${id} (expected one for each of ${ids.join(', ')})`,
          ),
        ),
      ...Object.keys(m.data.scores)
        .filter((id) => !ids.includes(id))
        .map((id) =>
          at(
            m.parsed,
            ['scores', id],
            'unknown-score',
            `scores.${id} is not a Leitplanke${didYouMean(id, ids)} (expected ${ids.join(', ')})`,
            { key: true },
          ),
        ),
    ]);
  },

  'score-range': ({ measures, leitplanken }) => {
    if (leitplanken === undefined) return [];
    return withScores(measures).flatMap((m) =>
      leitplanken.data.leitplanken.flatMap((l) => {
        const score = m.data.scores[l.id];
        if (score === undefined || l.scale.length === 0) return [];
        const values = l.scale.map((s) => s.value);
        const min = Math.min(...values);
        const max = Math.max(...values);
        if (score > max) return [at(m.parsed, ['scores', l.id], 'score-range', `scores.${l.id} must be at most ${max} (found ${score})`)];
        if (score < min) return [at(m.parsed, ['scores', l.id], 'score-range', `scores.${l.id} must be at least ${min} (found ${score})`)];
        return [];
      }),
    );
  },

  'scale-order': ({ leitplanken }) =>
    leitplanken === undefined
      ? []
      : leitplanken.data.leitplanken.flatMap((l, i) =>
          l.scale
            .slice(1)
            .flatMap((step, j) =>
              step.value === l.scale[j]!.value + 1
                ? []
                : [
                    at(
                      leitplanken.parsed,
                      ['leitplanken', i, 'scale', j + 1, 'value'],
                      'scale-order',
                      `scale values of ${l.id} must ascend by 1 (found ${l.scale[j]!.value} then ${step.value})`,
                    ),
                  ],
            ),
        ),

  weights: ({ leitplanken }) => {
    if (leitplanken === undefined) return [];
    // The range, whole numbers from 0 to 1000, is the schema's; here only what spans Leitplanken.
    return leitplanken.data.leitplanken.every((l) => l.weight === 0)
      ? [at(leitplanken.parsed, ['leitplanken'], 'weights-zero', 'all weights are 0; expected at least one weight above 0')]
      : [];
  },

  'duplicate-leitplanke': ({ leitplanken }) =>
    leitplanken === undefined
      ? []
      : duplicates(
          leitplanken.data.leitplanken.map((l, i) => ({ l, i })),
          ({ l }) => l.id,
          ({ l, i }) => at(leitplanken.parsed, ['leitplanken', i, 'id'], 'duplicate-leitplanke', `Leitplanke id ${l.id} is used twice`),
        ),

  'duplicate-field': ({ strategy }) => {
    if (strategy === undefined) return [];
    const fields = strategy.data.handlungsfelder.map((f, i) => ({ f, i }));
    return [
      ...duplicates(
        fields,
        ({ f }) => f.id,
        ({ f, i }) => at(strategy.parsed, ['handlungsfelder', i, 'id'], 'duplicate-field', `Handlungsfeld id ${f.id} is used twice`),
      ),
      ...duplicates(
        fields,
        ({ f }) => String(f.number),
        ({ f, i }) =>
          at(strategy.parsed, ['handlungsfelder', i, 'number'], 'duplicate-field', `Handlungsfeld number ${f.number} is used twice`),
      ),
    ];
  },

  'unknown-goal': ({ metrics, leitplanken }) => {
    if (metrics === undefined || leitplanken === undefined) return [];
    const goals = [...leitplanken.data.leitplanken.map((l) => l.id), ...(metrics.data.goals ?? []).map((g) => g.id)];
    return metrics.data.metrics.flatMap((m, i) =>
      goals.includes(m.goal)
        ? []
        : [
            at(
              metrics.parsed,
              ['metrics', i, 'goal'],
              'unknown-goal',
              `goal ${m.goal} of metric ${m.id} is neither a Leitplanke nor a goal in metrics.yaml${didYouMean(m.goal, goals)} (expected one of ${goals.join(', ')})`,
            ),
          ],
    );
  },

  'duplicate-metric': ({ metrics }) =>
    metrics === undefined
      ? []
      : [
          ...duplicates(
            metrics.data.metrics.map((m, i) => ({ m, i })),
            ({ m }) => m.id,
            ({ m, i }) => at(metrics.parsed, ['metrics', i, 'id'], 'duplicate-metric', `metric id ${m.id} is used twice`),
          ),
          ...duplicates(
            (metrics.data.goals ?? []).map((g, i) => ({ g, i })),
            ({ g }) => g.id,
            ({ g, i }) => at(metrics.parsed, ['goals', i, 'id'], 'duplicate-metric', `goal id ${g.id} is used twice`),
          ),
        ],

  'metric-value': ({ metrics }) =>
    metrics === undefined
      ? []
      : metrics.data.metrics.flatMap((m, i) => [
          ...m.values.flatMap((v, j) => {
            const problem = checkMetricValue(m, v.value);
            return problem === undefined
              ? []
              : [at(metrics.parsed, ['metrics', i, 'values', j, 'value'], 'metric-value', `value of ${m.id} for ${v.period} ${problem}`)];
          }),
          ...duplicates(
            m.values.map((v, j) => ({ v, j })),
            ({ v }) => v.period,
            ({ v, j }) =>
              at(
                metrics.parsed,
                ['metrics', i, 'values', j, 'period'],
                'metric-value',
                `metric ${m.id} has two values for period ${v.period}`,
              ),
          ),
        ]),

  'duplicate-requirement': ({ requirements }) =>
    requirements === undefined
      ? []
      : duplicates(
          requirements.data.requirements.map((r, i) => ({ r, i })),
          ({ r }) => r.id,
          ({ r, i }) => at(requirements.parsed, ['requirements', i, 'id'], 'duplicate-requirement', `requirement id ${r.id} is used twice`),
        ),

  'requirement-measure': ({ requirements, measures, measuresIncomplete }) => {
    if (requirements === undefined) return [];
    const ids = withId(measures).map((m) => m.data.id);
    const known = new Set(ids);
    // A measure file whose id cannot be read has its own error: any id might be the one it holds.
    const judgeable = measuresIncomplete !== true && measures.every((m) => m.data.id !== undefined);
    return requirements.data.requirements.flatMap((r, i) => [
      ...r.measures.flatMap((id, j) =>
        known.has(id) || !judgeable
          ? []
          : [
              at(
                requirements.parsed,
                ['requirements', i, 'measures', j],
                'unknown-measure',
                `requirement ${r.id} names measure ${id}, which does not exist${didYouMean(id, ids)}`,
              ),
            ],
      ),
      // Not an error: a register may list what the strategy has no answer to yet; that is the point
      // of it. A gap recorded with its reason (`unserved`) is known and not warned about again.
      ...(r.measures.length === 0 && r.unserved === undefined
        ? [
            at(
              requirements.parsed,
              ['requirements', i, 'measures'],
              'unserved-requirement',
              `no measure serves requirement ${r.id} (${r.name}); link one in measures, or say why none does in unserved`,
              {
                severity: 'warning',
              },
            ),
          ]
        : []),
    ]);
  },

  dependencies: ({ measures, measuresIncomplete }) => {
    const typed = withId(measures);
    const ids = typed.map((m) => m.data.id);
    const byId = new Map(typed.map((m) => [m.data.id, m]));
    const findings: Finding[] = [];
    for (const m of typed) {
      const deps = m.data.depends_on ?? [];
      deps.forEach((dep, j) => {
        const target = byId.get(dep);
        // Unknown only when every measure's id could be read (see requirement-measure).
        if (target === undefined && (measuresIncomplete === true || measures.some((x) => x.data.id === undefined))) return;
        if (target === undefined) {
          findings.push(
            at(
              m.parsed,
              ['depends_on', j],
              'unknown-dependency',
              `measure ${m.data.id} depends on ${dep}, which does not exist${didYouMean(dep, ids)}`,
            ),
          );
          return;
        }
        const due = m.data.due;
        const depDue = target.data.due;
        if (due !== undefined && depDue !== undefined && due < depDue)
          findings.push(
            at(
              m.parsed,
              ['due'],
              'due-before-dependency',
              `measure ${m.data.id} is due ${due}, before ${dep} it depends on (due ${depDue}); expected a due date on or after ${depDue}`,
            ),
          );
        // A dependency with a start but no due cannot be done before it starts either.
        const depStart = target.data.start;
        if (due !== undefined && depDue === undefined && depStart !== undefined && due < depStart)
          findings.push(
            at(
              m.parsed,
              ['due'],
              'due-before-dependency',
              `measure ${m.data.id} is due ${due}, before ${dep} it depends on even starts (start ${depStart}); expected a due date on or after ${depStart}`,
            ),
          );
        if (m.data.decision === 'prioritized' && target.data.decision === 'not_prioritized')
          findings.push(
            at(
              m.parsed,
              ['depends_on', j],
              'prioritized-depends-on-unprioritized',
              `prioritised measure ${m.data.id} depends on ${dep}, which is not prioritised`,
              { severity: 'warning' },
            ),
          );
      });
    }
    for (const cycle of dependencyCycles(typed.map((m) => ({ id: m.data.id, depends_on: m.data.depends_on ?? [] })))) {
      const first = byId.get(cycle[0]!)!;
      const j = (first.data.depends_on ?? []).indexOf(cycle[1]!);
      findings.push(at(first.parsed, ['depends_on', j], 'dependency-cycle', `dependency cycle: ${cycle.join(' → ')}`));
    }
    return findings;
  },

  'start-after-due': ({ measures }) =>
    withId(measures).flatMap((m) =>
      m.data.start !== undefined && m.data.due !== undefined && m.data.start > m.data.due
        ? [at(m.parsed, ['due'], 'start-after-due', `measure ${m.data.id} is due ${m.data.due}, before its start ${m.data.start}`)]
        : [],
    ),

  'computed-metric': ({ metrics }) =>
    metrics === undefined
      ? []
      : metrics.data.metrics.flatMap((m, i) =>
          m.computed === undefined
            ? []
            : [
                ...(m.kind !== 'list'
                  ? [
                      at(
                        metrics.parsed,
                        ['metrics', i, 'kind'],
                        'computed-metric',
                        `metric ${m.id} is computed as ${m.computed}, a list of requirements; expected kind: list (found ${m.kind})`,
                      ),
                    ]
                  : []),
                ...(m.values.length > 0
                  ? [
                      at(
                        metrics.parsed,
                        ['metrics', i, 'values', 0],
                        'computed-metric',
                        `metric ${m.id} is computed from requirements.yaml (${m.computed}); expected no recorded values (values: [])`,
                      ),
                    ]
                  : []),
              ],
        ),

  // Text the administration has yet to write (itstrat init leaves it marked): a warning, so a
  // strategy that is still being filled in validates, scores and commits as it is.
  placeholder: ({ strategy, leitplanken, metrics, measures }) =>
    [strategy, leitplanken, metrics, ...measures].flatMap((t) =>
      t === undefined
        ? []
        : placeholderPaths(t.parsed.data).map((path) =>
            at(
              t.parsed,
              path,
              'placeholder',
              `${dotted(path)} is still a placeholder (a line starting with ${PLACEHOLDER_MARK}); replace it with your own text`,
              { severity: 'warning' },
            ),
          ),
    ),
};

/** Why a value does not fit its metric's kind, or undefined when it does. */
export function checkMetricValue(metric: Pick<Metric, 'kind' | 'states' | 'currency'>, value: unknown): string | undefined {
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  switch (metric.kind) {
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? undefined
        : `must be a whole number ≥ 0 (found ${JSON.stringify(value)})`;
    case 'number':
      return isNumber ? undefined : `must be a number (found ${JSON.stringify(value)})`;
    case 'ratio':
      return isNumber && (value as number) >= 0 ? undefined : `must be a number ≥ 0 (found ${JSON.stringify(value)})`;
    case 'percent':
      return isNumber && (value as number) >= 0 && (value as number) <= 100
        ? undefined
        : `must be a number from 0 to 100 (found ${JSON.stringify(value)})`;
    case 'money':
      // Judged on the decimal digits: 0.29 × 100 is 28.999999999999996 in binary arithmetic.
      return isNumber && /^-?\d+(\.\d{1,2})?$/.test(String(value))
        ? undefined
        : `must be an amount in ${metric.currency ?? 'the currency'} with at most two decimals (found ${JSON.stringify(value)})`;
    case 'status':
      return typeof value === 'string' && (metric.states ?? []).includes(value)
        ? undefined
        : `must be one of ${(metric.states ?? []).join(', ')} (found ${JSON.stringify(value)})${typeof value === 'string' ? didYouMean(value, metric.states ?? []) : ''}`;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : `must be a list of texts (found ${JSON.stringify(value)})`;
  }
}

export function applyRules(input: RuleInput): Finding[] {
  return Object.values(rules).flatMap((rule) => rule(input));
}
