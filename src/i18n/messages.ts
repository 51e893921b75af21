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
  disagrees: string;
  threshold: string;
  weights: string;
  summary(shown: number, total: number, prioritized: number, disagreements: number): string;
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
    disagrees: 'weicht ab',
    threshold: 'Schwelle',
    weights: 'Gewichte',
    summary: (shown, total, prioritized, disagreements) =>
      `${shown} von ${total} Maßnahmen, ${prioritized} priorisiert, ${disagreements} ${disagreements === 1 ? 'Abweichung' : 'Abweichungen'} vom Beschluss`,
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
    disagrees: 'disagrees',
    threshold: 'Threshold',
    weights: 'Weights',
    summary: (shown, total, prioritized, disagreements) =>
      `${shown} of ${total} measures, ${prioritized} prioritised, ${disagreements} ${disagreements === 1 ? 'disagreement' : 'disagreements'} with the decision`,
  },
} satisfies Record<Lang, Messages>;
