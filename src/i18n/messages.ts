export type Lang = 'de' | 'en';
export const langs: readonly Lang[] = ['de', 'en'];

/** Every label the tool itself prints; data stays in the language it was written in. */
export interface Messages {
  id: string;
  measure: string;
  field: string;
  score: string;
  percent: string;
  rank: string;
  priority: string;
  decision: string;
  prioritized: string;
  notPrioritized: string;
  undecided: string;
  yes: string;
  no: string;
  disagrees: string;
  threshold: string;
  weights: string;
  summary(shown: number, total: number, prioritized: number, disagreements: number): string;
  flipDistance: string;
  borderline: string;
  sensitivity(borderline: number, worst: { change: string; flips: number } | undefined, stable: number, prioritized: number): string;
  leitplanke: string;
  weight: string;
  before: string;
  after: string;
  calibrated(agreement: number, total: number, exact: boolean, evaluated: number): string;
  stillDisagree: string;
  written(path: string): string;
}

export const messages = {
  de: {
    id: 'Nr',
    measure: 'Maßnahme',
    field: 'Handlungsfeld',
    score: 'Punkte',
    percent: '%',
    rank: 'Rang',
    priority: 'Priorität',
    decision: 'Beschluss',
    prioritized: 'priorisiert',
    notPrioritized: 'nicht priorisiert',
    undecided: 'offen',
    yes: 'ja',
    no: 'nein',
    disagrees: 'weicht ab',
    threshold: 'Schwelle',
    weights: 'Gewichte',
    summary: (shown, total, prioritized, disagreements) =>
      `${shown} von ${total} Maßnahmen, ${prioritized} priorisiert, ${disagreements} ${disagreements === 1 ? 'Abweichung' : 'Abweichungen'} vom Beschluss`,
    flipDistance: 'Kipp-Δ',
    borderline: 'Grenzfall',
    sensitivity: (borderline, worst, stable, prioritized) =>
      `Stabilität: ${borderline} ${borderline === 1 ? 'Grenzfall (◆) kippt' : 'Grenzfälle (◆) kippen'} schon bei Änderung eines Gewichts um ±1` +
      (worst === undefined || worst.flips === 0 ? '' : `; die stärkste Einzeländerung (${worst.change}) kippt ${worst.flips} ${worst.flips === 1 ? 'Maßnahme' : 'Maßnahmen'}`) +
      `; ${stable} von ${prioritized} priorisierten Maßnahmen halten jeder Einzeländerung bis ±10 stand.`,
    leitplanke: 'Leitplanke',
    weight: 'Gewicht',
    before: 'bisher',
    after: 'kalibriert',
    calibrated: (agreement, total, exact, evaluated) =>
      `${agreement} von ${total} Beschlüssen reproduziert (${exact ? 'exaktes Optimum' : 'lokale Suche, kein Optimalitätsbeweis'}, ${evaluated.toLocaleString('de-DE')} Gewichtungen geprüft)`,
    stillDisagree: 'Weiterhin abweichend',
    written: (path) => `Gewichte und Schwelle in ${path} geschrieben.`,
  },
  en: {
    id: 'No',
    measure: 'Measure',
    field: 'Field of action',
    score: 'Score',
    percent: '%',
    rank: 'Rank',
    priority: 'Priority',
    decision: 'Decision',
    prioritized: 'prioritised',
    notPrioritized: 'not prioritised',
    undecided: 'open',
    yes: 'yes',
    no: 'no',
    disagrees: 'disagrees',
    threshold: 'Threshold',
    weights: 'Weights',
    summary: (shown, total, prioritized, disagreements) =>
      `${shown} of ${total} measures, ${prioritized} prioritised, ${disagreements} ${disagreements === 1 ? 'disagreement' : 'disagreements'} with the decision`,
    flipDistance: 'Flip Δ',
    borderline: 'borderline',
    sensitivity: (borderline, worst, stable, prioritized) =>
      `Stability: ${borderline} borderline ${borderline === 1 ? 'measure (◆) flips' : 'measures (◆) flip'} when one weight changes by ±1` +
      (worst === undefined || worst.flips === 0 ? '' : `; the strongest single change (${worst.change}) flips ${worst.flips} ${worst.flips === 1 ? 'measure' : 'measures'}`) +
      `; ${stable} of ${prioritized} prioritised measures withstand every single change up to ±10.`,
    leitplanke: 'Leitplanke',
    weight: 'Weight',
    before: 'before',
    after: 'calibrated',
    calibrated: (agreement, total, exact, evaluated) =>
      `${agreement} of ${total} decisions reproduced (${exact ? 'exact optimum' : 'local search, not proven optimal'}, ${evaluated.toLocaleString('en-GB')} weightings tried)`,
    stillDisagree: 'Still disagreeing',
    written: (path) => `Weights and threshold written to ${path}.`,
  },
} satisfies Record<Lang, Messages>;
