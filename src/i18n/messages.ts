import type { Decision, Metric, MeasureStatus, RequirementKind, Source, StrategyFile } from '../model/types.js';
import { numbersDe, numbersEn, type LocaleNumbers } from './locale-number.js';

export type Lang = 'de' | 'en';
export const langs: readonly Lang[] = ['de', 'en'];

/** Every label the tool itself prints; data stays in the language it was written in. */
export interface Messages {
  /** Numbers as this language writes them (src/i18n/locale-number.ts). */
  numbers: LocaleNumbers;
  /**
   * Enum values of the schemas a person may see, by the property that holds them (status and
   * kind have theirs in status.statusNames and report.kinds). Typed by the model, so a new value
   * does not compile without its label; tests/german-output.test.ts checks against the schemas.
   */
  values: {
    decision: Record<Decision, string>;
    source: Record<Source, string>;
    direction: Record<Metric['direction'], string>;
    language: Record<StrategyFile['language'], string>;
  };
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
  /** A filter left no row: said in one line instead of an empty table. */
  noMatch(total: number): string;
  flipDistance: string;
  borderline: string;
  sensitivity(borderline: number, worst: { change: string; flips: number } | undefined, stable: number, prioritized: number): string;
  /** score --sensitivity: the smallest flip in every direction (L1) and the most critical Leitplanke. */
  directions(
    radius: { distance: number; relative: number; flips: string; change: string } | undefined,
    critical: { leitplanke: string; delta: number; relative: number | null; flips: string } | undefined,
  ): string;
  leitplanke: string;
  weight: string;
  before: string;
  after: string;
  calibrated(agreement: number, total: number, exact: boolean, evaluated: number, method: 'search' | 'milp'): string;
  calibrateProgress(done: number, total: number): string;
  stillDisagree: string;
  written(path: string): string;
  newMeasure: {
    rateComment: string;
    created(id: string, path: string): string;
  };
  metrics: {
    goal: string;
    noValues: string;
    /** The strategy has no metrics: said instead of an empty table. */
    none: string;
    recorded(id: string, period: string, path: string): string;
    replaced(id: string, period: string, path: string): string;
  };
  fmt: {
    wouldChange: string;
    formatted(count: number): string;
    unchanged(count: number): string;
  };
  validate: {
    valid(files: number): string;
    invalid(errors: number, warnings: number, files: number): string;
  };
  report: {
    asOf(date: string): string;
    leitplanken: string;
    weightLine(weight: number, criterion: string): string;
    scale: string;
    rating: string;
    summary: string;
    measures: string;
    thresholdLine(threshold: number, weights: string): string;
    prioritizedMeasures: string;
    notPrioritisable: string;
    details: string;
    description: string;
    currentState: string;
    recommendation: string;
    source: string;
    status: string;
    owner: string;
    portfolio(field: string): string;
    /** The chart's note: which Leitplanke is on x, on y, and which add up to the bubble's size (none: all one size). */
    portfolioNote(x: string, y: string, size: readonly string[]): string;
    /** An axis's two ends, named by its Leitplanke. */
    axis(name: string): [string, string];
    legendPrioritized: string;
    legendOther: string;
    metrics: string;
    metric: string;
    kind: string;
    latest: string;
    period: string;
    trend: string;
    good: string;
    bad: string;
    noValues: string;
    kinds: Record<Metric['kind'], string>;
    consistency: string;
    agreement(agree: number, total: number): string;
    disagreements: string;
    borderline(count: number): string;
    stable: string;
    whatIf: string;
    whatIfIntro: string;
    whatIfNoScript: string;
    reset: string;
    changedPriority: string;
    newlyPrioritized: string;
    noLongerPrioritized: string;
    /** {prioritized}, {computed} (changes against today's computed priorities), {decided} (against the recorded decisions). */
    whatIfSummary: string;
    contents: string;
    changesSince(ref: string): string;
    changesAtAGlance(ref: string): string;
    allChanges: string;
    openIssues: string;
    openIssuesLine(disagreements: number, decided: number, borderline: number): string;
    toConsistency: string;
    whatIfLink: string;
    fields: string;
    appendix: string;
    chartTable(field: string): string;
    count: string;
    /** A marker's tooltip: the measures it stands for. */
    markerTitle(count: number, ids: string): string;
    vsComputed: string;
    vsDecision: string;
    /** {label}, {max}, {value} are filled in by the page. */
    whatIfBadWeight: string;
    whatIfBadThreshold: string;
    whatIfAllZero: string;
    whatIfNotComputed: string;
  };
  status: {
    version(version: string, date: string): string;
    adopted(body: string, date: string): string;
    notAdopted: string;
    fortschreibung(years: number, due: string): string;
    overdue(days: number): string;
    remaining(days: number): string;
    noCycle: string;
    byStatus: string;
    statusNames: Record<MeasureStatus | 'none', string>;
    total: string;
    review: string;
    stale(count: number, since: string): string;
    allReviewed(since: string): string;
    uncommitted(ids: string): string;
    noGit(reason: string): string;
    asOf(date: string, commit: string): string;
    lastChange: string;
  };
  history: {
    heading(id: string, title: string): string;
    date: string;
    commit: string;
    tags: string;
    events: string;
    eventNames: Record<string, string>;
    walked(commits: number, entries: number): string;
    progress(done: number, total: number): string;
  };
  diff: {
    report: string;
    from: string;
    to: string;
    workingTree: string;
    summary: string;
    counts(added: number, removed: number, changed: number, rescored: number, priorityChanges: number): string;
    weightsChanged: string;
    weightsUnchanged: string;
    added: string;
    removed: string;
    rescored: string;
    priorityChanges: string;
    weights: string;
    otherChanges: string;
    fields: string;
    metrics: string;
    strategy: string;
    invalid: string;
    invalidNote: string;
    unranked: string;
    unrankedNote: string;
    revision: string;
    file: string;
    none: string;
    change: string;
    before: string;
    after: string;
    cause: string;
    causes: Record<string, string>;
    keys: Record<string, string>;
    renamed(from: string, to: string): string;
    fieldAdded: string;
    fieldRemoved: string;
    metricAdded: string;
    metricRemoved: string;
    newValue: string;
    noRanking: string;
    failOn(kinds: string): string;
  };
  /** The workbook of `export --format xlsx`: sheet names, headers and the hint on the input cells. */
  workbook: {
    leitplankenSheet: string;
    measuresSheet: string;
    fieldsSheet: string;
    id: string;
    name: string;
    title: string;
    text: string;
    number: string;
    prioritisable: string;
    computedPriority: string;
    /** The column the rank breaks ties by: natural id order. */
    tieOrder: string;
    inputHint: string;
  };
  import: {
    /** The headline: from which file (and sheet), what happened in numbers. */
    summary(source: string, counts: { created: number; updated: number; unchanged: number; absent: number; skipped: number }): string;
    created: string;
    updated: string;
    absent: string;
    skipped: string;
    row(n: number): string;
    computed(columns: string): string;
    nothingWritten(rows: number): string;
    /** A workbook from export: its Leitplanken and Handlungsfelder sheets. */
    weight(id: string, from: number, to: number): string;
    threshold(from: number, to: number): string;
    fieldCreated: string;
    fieldUpdated: string;
    fieldsAbsent: string;
    /** init --import: a template Handlungsfeld the list does not use. */
    fieldRemoved: string;
    settingsUnchanged(sheets: string): string;
  };
  /** The annual review (itstrat review, status, report). */
  annualReview: {
    heading(year: number): string;
    assessments(count: number, ids: string): string;
    none(year: number): string;
    leitplanke: string;
    count: string;
    median: string;
    range: string;
    iqr: string;
    current: string;
    adopted: string;
    spread: string;
    scoreChange: string;
    rankChange: string;
    agenda: string;
    details: string;
    comments: string;
    weightsHeading: string;
    tooFew(min: number): string;
    kendall(w: string, n: number, m: number, meaning: string): string;
    kendallUndefined(n: number, m: number): string;
    meaning(w: number): string;
    applied(scores: number, measures: number): string;
    nothingToApply: string;
    created(assessor: string, path: string): string;
    imported(assessor: string, path: string): string;
    notImported: string;
    /** status */
    statusLine(year: number, submitted: number, expected: number): string;
    /** No Fachbereich is named as expected to submit. */
    unnamed(year: number, assessments: number): string;
    missing(list: string): string;
    due(year: number, until: string): string;
    overdue(year: number, since: string): string;
    done(year: number): string;
    owner(text: string): string;
    /** Assessments of the year that name none of the expected Fachbereiche. */
    unassigned(list: string): string;
    /** The workbook of review new --format xlsx: labels beside the machine keys. */
    sheetLabels: { sheet: string; assessor: string; name: string; fachbereich: string; date: string; hint: string };
  };
  /** requirements.yaml, the computed metric and the roadmap (issue 16). */
  requirements: {
    kinds: Record<RequirementKind, string>;
    /** Marks a computed metric's kind (`Liste (berechnet)`). */
    computed: string;
    /** What a computed metric is computed as (metrics.yaml `computed`). */
    computedNames: Record<NonNullable<Metric['computed']>, string>;
    deadlines: string;
    deadline: string;
    /** A mandatory requirement past its deadline, serving measures not done. */
    overdue(name: string, deadline: string, measures: string): string;
    noMeasure: string;
    noOverdue(today: string): string;
    open(count: number, today: string): string;
    roadmap: string;
    milestones: string;
    start: string;
    due: string;
    dependsOn: string;
    fachbereich: string;
    /** Measures without dates, left off the timeline. */
    undated(count: number): string;
    noDates: string;
    proposal: string;
    proposalHint: string;
    /** With --write: the proposal was stored as `sequence`, `count` files changed. */
    proposalWritten(count: number): string;
    /** The report's section on requirements.yaml and the roadmap. */
    section: string;
    judgedOn(day: string): string;
    requirement: string;
    mandatory: string;
    state: Record<'open' | 'done' | 'overdue' | 'optional', string>;
    /** Measures on a dependency cycle, which no order can satisfy. */
    blocked(ids: string): string;
  };
}

export const messages = {
  de: {
    numbers: numbersDe,
    values: {
      decision: { prioritized: 'priorisiert', not_prioritized: 'nicht priorisiert' },
      source: { Interview: 'Interview', Leipzig: 'Leipzig', Benchmark: 'Benchmark' },
      direction: { up: 'steigend besser', down: 'fallend besser', neutral: 'neutral' },
      language: { de: 'Deutsch', en: 'Englisch' },
    },
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
      `${numbersDe.number(shown)} von ${numbersDe.number(total)} ${total === 1 ? 'Maßnahme' : 'Maßnahmen'}, ${numbersDe.number(prioritized)} priorisiert, ${numbersDe.number(disagreements)} ${disagreements === 1 ? 'Abweichung' : 'Abweichungen'} vom Beschluss`,
    noMatch: (total) =>
      total === 0
        ? 'Die Strategie enthält keine Maßnahmen.'
        : `Keine der ${total === 1 ? 'einen' : numbersDe.number(total)} Maßnahmen passt zu den Filtern.`,
    flipDistance: 'Kipp-Δ',
    borderline: 'Grenzfall',
    sensitivity: (borderline, worst, stable, prioritized) =>
      `Stabilität: ${numbersDe.number(borderline)} ${borderline === 1 ? 'Grenzfall (◆) kippt' : 'Grenzfälle (◆) kippen'} schon bei Änderung eines Gewichts um ±1` +
      (worst === undefined || worst.flips === 0
        ? ''
        : `; die stärkste Einzeländerung (${worst.change}) kippt ${numbersDe.number(worst.flips)} ${worst.flips === 1 ? 'Maßnahme' : 'Maßnahmen'}`) +
      `; ${numbersDe.number(stable)} von ${numbersDe.number(prioritized)} priorisierten ${prioritized === 1 ? 'Maßnahme' : 'Maßnahmen'} ${stable === 1 ? 'hält' : 'halten'} jeder Einzeländerung bis ±10 stand.`,
    directions: (radius, critical) =>
      `In alle Richtungen: ${
        radius === undefined
          ? 'keine Gewichtung kippt eine Priorität'
          : `die kleinste Gesamtänderung der Gewichte (L1), die eine Priorität kippt, ist ${numbersDe.number(radius.distance)} (${numbersDe.number(radius.relative)} % der Gewichtssumme: ${radius.change} kippt ${radius.flips})`
      }${
        critical === undefined
          ? ''
          : `; kritischste Leitplanke: ${critical.leitplanke} (${critical.delta > 0 ? '+' : '−'}${numbersDe.number(Math.abs(critical.delta))}${critical.relative === null ? '' : `, ${numbersDe.number(critical.relative)} %`}, kippt ${critical.flips})`
      }.`,
    leitplanke: 'Leitplanke',
    weight: 'Gewicht',
    before: 'bisher',
    after: 'kalibriert',
    calibrated: (agreement, total, exact, evaluated, method) =>
      `${numbersDe.number(agreement)} von ${numbersDe.number(total)} ${total === 1 ? 'Beschluss' : 'Beschlüssen'} reproduziert (${exact ? 'exaktes Optimum' : 'kein Optimalitätsbeweis'}, ${
        method === 'milp'
          ? `gemischt-ganzzahliges Programm, ${numbersDe.number(evaluated)} ${evaluated === 1 ? 'Lösungslauf' : 'Lösungsläufe'}`
          : `${numbersDe.number(evaluated)} ${evaluated === 1 ? 'Gewichtung' : 'Gewichtungen'} geprüft`
      })`,
    stillDisagree: 'Weiterhin abweichend',
    calibrateProgress: (done, total) =>
      `Kalibrierung: ${Math.floor((done / total) * 100)} % (${done.toLocaleString('de-DE')} von ${total.toLocaleString('de-DE')} Gewichtungen)`,
    written: (path) => `Gewichte und Schwelle in ${path} geschrieben.`,
    newMeasure: {
      rateComment: 'Bitte bewerten: jede Leitplanke 0–4 (Skalen in leitplanken.yaml)',
      created: (id, path) => `Maßnahme ${id} angelegt: ${path}`,
    },
    metrics: {
      goal: 'Ziel',
      noValues: 'noch keine Werte',
      none: 'Die Strategie hat noch keine Messgrößen (metrics.yaml).',
      recorded: (id, period, path) => `Wert für ${id} (${period}) in ${path} eingetragen.`,
      replaced: (id, period, path) => `Wert für ${id} (${period}) in ${path} ersetzt.`,
    },
    fmt: {
      wouldChange: 'nicht im kanonischen Format:',
      formatted: (count) => `${numbersDe.number(count)} ${count === 1 ? 'Datei' : 'Dateien'} formatiert.`,
      unchanged: (count) => `${numbersDe.number(count)} ${count === 1 ? 'Datei ist' : 'Dateien sind'} bereits kanonisch.`,
    },
    validate: {
      valid: (files) => `${numbersDe.number(files)} ${files === 1 ? 'Datei' : 'Dateien'} gültig`,
      invalid: (errors, warnings, files) =>
        `${numbersDe.number(errors)} ${errors === 1 ? 'Fehler' : 'Fehler'}, ${numbersDe.number(warnings)} ${warnings === 1 ? 'Warnung' : 'Warnungen'} in ${numbersDe.number(files)} ${files === 1 ? 'Datei' : 'Dateien'}`,
    },
    report: {
      asOf: (date) => `Stand: ${date}`,
      leitplanken: 'Leitplanken',
      weightLine: (weight, criterion) => `Gewicht ${numbersDe.number(weight)} · Bewertungskriterium: ${criterion}`,
      scale: 'Bewertungsskala (Anhang III)',
      rating: 'Bewertung',
      summary: 'Zusammenfassung',
      measures: 'Maßnahmen',
      thresholdLine: (threshold, weights) =>
        `Eine Maßnahme ist priorisiert, wenn ihre gewichtete Punktzahl die Schwelle ${numbersDe.number(threshold)} erreicht (Gewichte: ${weights}).`,
      prioritizedMeasures: 'Priorisierte Maßnahmen',
      notPrioritisable:
        'Die Maßnahmen dieses Handlungsfelds werden bewertet, aber außerhalb der IT-Strategie verankert und nicht priorisiert.',
      details: 'Maßnahmendetails',
      description: 'Beschreibung',
      currentState: 'Ist-Zustand',
      recommendation: 'Handlungsempfehlung',
      source: 'Quelle',
      status: 'Status',
      owner: 'Verantwortlich',
      portfolio: (field) => `Maßnahmenübersicht ${field}`,
      portfolioNote: (x, y, size) =>
        `x: ${x}, y: ${y}, Kreisgröße: ${size.length > 0 ? size.join(' + ') : 'für alle gleich'}; dunkel: priorisiert, hell: nicht priorisiert, gestrichelt: teils priorisiert. Jeder Kreis steht genau auf seinen Werten; teilen sich Maßnahmen eine Position, zeigt ein Kreis ihre Anzahl und darüber ihre Nummern.`,
      axis: (name) => [`${name}: gering`, `${name}: hoch`],
      legendPrioritized: 'priorisiert',
      legendOther: 'nicht priorisiert',
      metrics: 'Messgrößen',
      metric: 'Messgröße',
      kind: 'Art',
      latest: 'letzter Wert',
      period: 'Zeitraum',
      trend: 'Trend',
      good: 'gut',
      bad: 'schlecht',
      noValues: 'noch keine Werte',
      kinds: { count: 'Anzahl', number: 'Zahl', ratio: 'Verhältnis', percent: 'Prozent', money: 'Betrag', status: 'Status', list: 'Liste' },
      consistency: 'Konsistenz',
      agreement: (agree, total) =>
        `${numbersDe.number(agree)} von ${numbersDe.number(total)} beschlossenen ${total === 1 ? 'Priorität' : 'Prioritäten'} ${agree === 1 ? 'folgt' : 'folgen'} aus Gewichten und Schwelle.`,
      disagreements: 'Abweichungen zwischen Beschluss und Berechnung',
      borderline: (count) =>
        `${numbersDe.number(count)} ${count === 1 ? 'Maßnahme liegt' : 'Maßnahmen liegen'} an der Grenze: Ändert sich ein einziges Gewicht um ±1, kippt ihre Priorität.`,
      stable: 'Keine Maßnahme kippt bei Änderung eines einzelnen Gewichts um ±1.',
      whatIf: 'Was wäre, wenn …?',
      whatIfIntro:
        'Gewichte und Schwelle ändern: die Rangfolge wird sofort neu berechnet. Verglichen wird mit zwei Ständen: mit den heute berechneten Prioritäten (Gewichte und Schwelle aus leitplanken.yaml) und mit den beschlossenen Prioritäten (Beschluss jeder Maßnahme); beide Zahlen stehen über der Tabelle. Erlaubt sind dieselben Werte wie auf der Kommandozeile: ganze Zahlen, nicht alle Gewichte 0.',
      whatIfNoScript: 'Für die interaktive Berechnung wird JavaScript benötigt; die Tabelle zeigt die beschlossene Gewichtung.',
      reset: 'Zurücksetzen',
      changedPriority: 'Änderung',
      newlyPrioritized: '↑ neu priorisiert',
      noLongerPrioritized: '↓ nicht mehr priorisiert',
      whatIfSummary:
        'Priorisiert: {prioritized}. Prioritätsänderungen gegenüber der heutigen Berechnung: {computed}. Abweichungen vom Beschluss: {decided}.',
      contents: 'Inhalt',
      changesSince: (ref) => `Änderungen seit ${ref}`,
      changesAtAGlance: (ref) => `Änderungen seit ${ref} im Überblick`,
      allChanges: 'Alle Änderungen im Einzelnen',
      openIssues: 'Offene Konsistenzfragen',
      openIssuesLine: (disagreements, decided, borderline) =>
        `Abweichungen zwischen Beschluss und Berechnung: ${numbersDe.number(disagreements)} von ${numbersDe.number(decided)} beschlossenen Prioritäten. Grenzfälle (kippen bei ±1 an einem Gewicht): ${numbersDe.number(borderline)}.`,
      toConsistency: 'Zur Konsistenzprüfung',
      whatIfLink: 'Was wäre, wenn …? Andere Gewichte und Schwelle ausprobieren',
      fields: 'Handlungsfelder',
      appendix: 'Anhang',
      chartTable: (field) => `Maßnahmenübersicht ${field} als Tabelle`,
      count: 'Anzahl',
      markerTitle: (count, ids) => (count === 1 ? `Maßnahme ${ids}` : `${numbersDe.number(count)} Maßnahmen: ${ids}`),
      vsComputed: 'gegenüber heute',
      vsDecision: 'gegenüber Beschluss',
      whatIfBadWeight: 'Gewicht {label}: erwartet wird eine ganze Zahl von 0 bis {max} (eingegeben: „{value}“).',
      whatIfBadThreshold: 'Schwelle: erwartet wird eine ganze Zahl von 0 bis {max} (eingegeben: „{value}“).',
      whatIfAllZero: 'Alle Gewichte sind 0: mindestens eines muss größer als 0 sein.',
      whatIfNotComputed: 'Nicht berechnet, solange eine Eingabe ungültig ist.',
    },
    status: {
      version: (version, date) => `Version ${version} vom ${date}`,
      adopted: (body, date) => `beschlossen: ${body}, ${date}`,
      notAdopted: 'noch nicht beschlossen',
      fortschreibung: (years, due) =>
        `Fortschreibung ${years === 1 ? 'jedes Jahr' : `alle ${numbersDe.number(years)} Jahre`}: fällig am ${due}`,
      overdue: (days) => `seit ${numbersDe.number(days)} ${days === 1 ? 'Tag' : 'Tagen'} überfällig`,
      remaining: (days) => `in ${numbersDe.number(days)} ${days === 1 ? 'Tag' : 'Tagen'}`,
      noCycle: 'Kein Überprüfungszyklus festgelegt (review in strategy.yaml).',
      byStatus: 'Maßnahmen nach Handlungsfeld und Status',
      statusNames: {
        proposed: 'vorgeschlagen',
        planned: 'geplant',
        in_progress: 'in Umsetzung',
        done: 'umgesetzt',
        dropped: 'verworfen',
        none: 'ohne Status',
      },
      total: 'gesamt',
      review: 'Jährliche Überprüfung der Maßnahmen',
      stale: (count, since) =>
        `${numbersDe.number(count)} ${count === 1 ? 'Maßnahme wurde' : 'Maßnahmen wurden'} seit ${since} nicht geändert:`,
      allReviewed: (since) => `Alle Maßnahmen wurden seit ${since} geändert.`,
      uncommitted: (ids) => `Nicht eingecheckte Änderungen: ${ids}`,
      noGit: (reason) => `Ohne git-Verlauf keine Aussage zur jährlichen Überprüfung (${reason}).`,
      asOf: (date, commit) => `Stand des Commits ${commit} vom ${date}`,
      lastChange: 'letzte Änderung',
    },
    history: {
      heading: (id, title) => `Maßnahme ${id} – ${title}`,
      date: 'Datum',
      commit: 'Commit',
      tags: 'Tags',
      events: 'Änderung',
      eventNames: {
        added: 'neu',
        edited: 'bearbeitet',
        renamed: 'umbenannt',
        removed: 'entfernt',
        score: 'Punkte',
        rank: 'Rang',
        priority: 'Priorität',
      },
      walked: (commits, entries) =>
        `${numbersDe.number(entries)} von ${numbersDe.number(commits)} ${commits === 1 ? 'Commit' : 'Commits'} ${entries === 1 ? 'betrifft' : 'betreffen'} die Maßnahme.`,
      progress: (done, total) =>
        `Verlauf: ${numbersDe.number(done)} von ${numbersDe.number(total)} ${total === 1 ? 'Commit' : 'Commits'} gelesen`,
    },
    diff: {
      report: 'Änderungsbericht zur Fortschreibung',
      from: 'Stand vorher',
      to: 'Stand nachher',
      workingTree: 'Arbeitsstand (nicht eingecheckt)',
      summary: 'Zusammenfassung',
      counts: (added, removed, changed, rescored, priorityChanges) =>
        `${numbersDe.number(added)} ${added === 1 ? 'Maßnahme' : 'Maßnahmen'} neu, ${numbersDe.number(removed)} entfallen, ${numbersDe.number(changed)} geändert (davon ${numbersDe.number(rescored)} neu bewertet); ${numbersDe.number(priorityChanges)} ${priorityChanges === 1 ? 'Prioritätsänderung' : 'Prioritätsänderungen'}.`,
      weightsChanged: 'Die Gewichtung der Leitplanken oder die Schwelle wurde geändert.',
      weightsUnchanged: 'Gewichtung und Schwelle sind unverändert.',
      added: 'Neue Maßnahmen',
      removed: 'Entfallene Maßnahmen',
      rescored: 'Neu bewertete Maßnahmen',
      priorityChanges: 'Prioritätsänderungen',
      weights: 'Gewichtung',
      otherChanges: 'Weitere Änderungen an Maßnahmen',
      fields: 'Handlungsfelder',
      metrics: 'Messgrößen',
      strategy: 'Strategie',
      invalid: 'Ungültige Dateien',
      revision: 'Revision',
      file: 'Datei',
      invalidNote: 'Diese Dateien konnten nicht gelesen werden; der Bericht zeigt, was sich ohne sie vergleichen lässt.',
      unranked: 'Nicht in der Rangfolge',
      unrankedNote:
        'Die Datei dieser Maßnahmen ist in der genannten Revision ungültig; ihre Werte gehen dort in keine Bewertung und keinen Rang ein.',
      none: 'keine',
      change: 'Änderung',
      before: 'vorher',
      after: 'nachher',
      cause: 'Ursache',
      causes: {
        scores: 'eigene Bewertung',
        weights: 'Gewichtung',
        field: 'Handlungsfeld',
        others: 'andere Maßnahmen',
        added: 'neu',
        removed: 'entfallen',
      },
      keys: {
        title: 'Titel',
        field: 'Handlungsfeld',
        description: 'Beschreibung',
        source: 'Quelle',
        current_state: 'Ist-Zustand',
        recommendation: 'Handlungsempfehlung',
        decision: 'Beschluss',
        status: 'Status',
        owner: 'Verantwortlich',
        name: 'Name',
        number: 'Nummer',
        prioritized: 'priorisierbar',
        version: 'Version',
        date: 'Datum',
        adoption: 'Beschluss',
        review: 'Überprüfung',
        organisation: 'Organisation',
        language: 'Sprache',
        goal: 'Ziel',
        kind: 'Art',
        direction: 'Richtung',
        states: 'Zustände',
        currency: 'Währung',
        unit: 'Einheit',
        fortschreibung_years: 'Fortschreibungszyklus (Jahre)',
        annual_review: 'jährliche Überprüfung',
        chapter: 'Kapitel',
        text: 'Text',
        body: 'Gremium',
        resolution: 'Beschlussvorlage',
        preliminary: 'Vorberatung',
      },
      renamed: (from, to) => `Datei umbenannt: ${from} → ${to}`,
      fieldAdded: 'neues Handlungsfeld',
      fieldRemoved: 'Handlungsfeld entfallen',
      metricAdded: 'neue Messgröße',
      metricRemoved: 'Messgröße entfallen',
      newValue: 'neuer Wert',
      noRanking: 'Ohne gültige Leitplanken und Handlungsfelder auf beiden Seiten lässt sich die Rangfolge nicht vergleichen.',
      failOn: (kinds) => `--fail-on: ${kinds}`,
    },
    workbook: {
      leitplankenSheet: 'Leitplanken',
      measuresSheet: 'Maßnahmen',
      fieldsSheet: 'Handlungsfelder',
      id: 'Kennung',
      name: 'Name',
      title: 'Titel',
      text: 'Beschreibung',
      number: 'Nr',
      prioritisable: 'priorisierbar',
      computedPriority: 'berechnete Priorität',
      tieOrder: 'Reihenfolge bei Punktgleichheit',
      inputHint:
        'Gelb hinterlegte Zellen (Gewichte, Schwelle, priorisierbare Handlungsfelder) sind änderbar: Punkte, Rang und berechnete Priorität im Blatt Maßnahmen rechnen neu.',
    },
    import: {
      summary: (source, c) =>
        `Import aus ${source}: ${numbersDe.number(c.created)} neu, ${numbersDe.number(c.updated)} geändert, ${numbersDe.number(c.unchanged)} unverändert, ${numbersDe.number(c.absent)} nicht im Blatt, ${numbersDe.number(c.skipped)} übersprungen`,
      created: 'neu',
      updated: 'geändert',
      absent: 'nicht im Blatt (bleiben, wie sie sind)',
      skipped: 'übersprungen',
      row: (n) => `Zeile ${numbersDe.number(n)}`,
      computed: (columns) => `berechnete Spalten, nicht gelesen: ${columns}`,
      nothingWritten: (rows) => `${numbersDe.number(rows)} ${rows === 1 ? 'Zeile ist' : 'Zeilen sind'} ungültig; nichts wurde geschrieben.`,
      weight: (id, from, to) => `Gewicht ${id}: ${numbersDe.number(from)} → ${numbersDe.number(to)}`,
      threshold: (from, to) => `Schwelle: ${numbersDe.number(from)} → ${numbersDe.number(to)}`,
      fieldCreated: 'neues Handlungsfeld',
      fieldUpdated: 'Handlungsfeld geändert',
      fieldsAbsent: 'Handlungsfelder nicht im Blatt (bleiben, wie sie sind)',
      fieldRemoved: 'Handlungsfeld der Vorlage entfällt (die Liste nutzt es nicht)',
      settingsUnchanged: (sheets) => `Gewichte, Schwelle und Handlungsfelder unverändert (${sheets})`,
    },
    annualReview: {
      heading: (year) => `Jährliche Überprüfung ${year}`,
      assessments: (count, ids) => `${numbersDe.number(count)} ${count === 1 ? 'Einschätzung' : 'Einschätzungen'}: ${ids}`,
      none: (year) => `Keine Einschätzungen für ${year}.`,
      leitplanke: 'Leitplanke',
      count: 'Anz.',
      median: 'Median',
      range: 'Min–Max',
      iqr: 'IQR',
      current: 'heute',
      adopted: 'übernommen',
      spread: 'Spannweite',
      scoreChange: 'Punkte heute → neu',
      rankChange: 'Rang heute → neu',
      agenda: 'Tagesordnung: größte Uneinigkeit zuerst',
      details: 'Je Maßnahme und Leitplanke',
      comments: 'Kommentare',
      weightsHeading: 'Vorgeschlagene Gewichte (nur angezeigt, nie übernommen)',
      tooFew: (min) => `weniger als ${numbersDe.number(min)} Einschätzungen: wird nicht übernommen`,
      kendall: (w, n, m, meaning) =>
        `Kendalls W (bindungskorrigiert) = ${w} über ${numbersDe.number(n)} Maßnahmen und ${numbersDe.number(m)} Einschätzende: ${meaning}`,
      kendallUndefined: (n, m) =>
        `Kendalls W nicht bestimmbar (${numbersDe.number(n)} Maßnahmen von allen bewertet, ${numbersDe.number(m)} Einschätzende; nötig sind je mindestens 2 und nicht nur Gleichstände)`,
      meaning: (w) =>
        `${w >= 0.7 ? 'starke' : w >= 0.5 ? 'mittlere' : w >= 0.3 ? 'schwache' : 'kaum'} Übereinstimmung in der Rangfolge der Maßnahmen (0 = keine, 1 = vollständige)`,
      applied: (scores, measures) =>
        `${numbersDe.number(scores)} ${scores === 1 ? 'Bewertung' : 'Bewertungen'} in ${numbersDe.number(measures)} ${measures === 1 ? 'Maßnahme' : 'Maßnahmen'} übernommen`,
      nothingToApply: 'Nichts zu übernehmen: kein übernommener Median weicht von der heutigen Bewertung ab.',
      created: (assessor, path) => `Einschätzung für ${assessor} angelegt: ${path}`,
      imported: (assessor, path) => `Einschätzung von ${assessor} gelesen und geschrieben: ${path}`,
      notImported: 'Die Arbeitsmappe hat ungültige Zellen; nichts wurde geschrieben.',
      statusLine: (year, submitted, expected) =>
        `Jährliche Überprüfung ${year}: ${numbersDe.number(submitted)} von ${numbersDe.number(expected)} Fachbereichen haben eine Einschätzung abgegeben`,
      unnamed: (year, n) =>
        `Jährliche Überprüfung ${year}: ${numbersDe.number(n)} ${n === 1 ? 'Einschätzung' : 'Einschätzungen'}; keine Fachbereiche benannt (review.fachbereiche in strategy.yaml oder fachbereich der Maßnahmen)`,
      missing: (list) => `noch ausstehend: ${list}`,
      due: (year, until) => `Überprüfung ${year} fällig bis ${until}`,
      overdue: (year, since) => `Überprüfung ${year} überfällig seit ${since}`,
      done: (year) => `Überprüfung ${year}: Einschätzungen liegen vor`,
      owner: (text) => `verantwortlich: ${text}`,
      unassigned: (list) => `keinem Fachbereich zugeordnet: ${list} (assessor.fachbereich nennt keinen der erwarteten)`,
      sheetLabels: {
        sheet: 'Einschätzung',
        assessor: 'Kennung der/des Einschätzenden (Fachbereich)',
        name: 'Name',
        fachbereich: 'Fachbereich',
        date: 'Datum (JJJJ-MM-TT)',
        hint: 'Gelbe Zellen: Ihre Bewertung je Leitplanke (Startwert: heutige Bewertung). Nur ändern, wo Sie anderer Meinung sind; eine Zeile ohne Werte gilt als nicht bewertet. Spalte A und die Kopfzeile nicht ändern.',
      },
    },
    requirements: {
      kinds: { law: 'Gesetz', regulation: 'Verordnung', programme: 'Programm', land_service: 'Basisdienst des Landes' },
      computed: 'berechnet',
      computedNames: { open_requirements: 'offene Anforderungen aus requirements.yaml' },
      deadlines: 'Fristen',
      deadline: 'Frist',
      overdue: (name, deadline, measures) => `${name}: Frist ${deadline} überschritten; nicht erledigt: ${measures}`,
      noMeasure: 'keine Maßnahme dient ihr',
      noOverdue: (today) => `Keine verpflichtende Anforderung ist am ${today} über ihre Frist hinaus offen.`,
      open: (count, today) => `Offene regulatorische Anforderungen am ${today}: ${numbersDe.number(count)}`,
      roadmap: 'Roadmap',
      milestones: 'Fristen (Anforderungen)',
      start: 'Beginn',
      due: 'Fällig',
      dependsOn: 'Hängt ab von',
      fachbereich: 'Fachbereich',
      undated: (count) =>
        `${numbersDe.number(count)} ${count === 1 ? 'Maßnahme ohne Termine ist' : 'Maßnahmen ohne Termine sind'} nicht in der Zeitleiste.`,
      noDates: 'Keine Maßnahme hat Termine (start, due). itstrat roadmap --propose schlägt eine Reihenfolge vor.',
      proposal: 'Vorschlag: Reihenfolge der priorisierten Maßnahmen',
      section: 'Rahmenbedingungen und Roadmap',
      judgedOn: (day) => `Beurteilt am ${day} (--date, sonst das Datum der Strategie).`,
      requirement: 'Anforderung',
      mandatory: 'verpflichtend',
      state: { open: 'offen', done: 'umgesetzt', overdue: 'Frist überschritten', optional: 'nicht verpflichtend' },
      proposalHint:
        'Jede Maßnahme steht nach denen, von denen sie abhängt; sonst entscheidet die berechnete Priorität, dann die gewichtete Punktzahl, dann die Id. Nur ein Vorschlag: geschrieben wird er erst mit --write.',
      proposalWritten: (count) =>
        `Jede Maßnahme steht nach denen, von denen sie abhängt; sonst entscheidet die berechnete Priorität, dann die gewichtete Punktzahl, dann die Id. Mit --write als sequence gespeichert: ${count === 0 ? 'alle Maßnahmendateien waren schon richtig' : `${numbersDe.number(count)} ${count === 1 ? 'Maßnahmendatei' : 'Maßnahmendateien'} geändert`}.`,
      blocked: (ids) => `Zyklus in depends_on, nicht eingeordnet: ${ids}`,
    },
  },
  en: {
    numbers: numbersEn,
    values: {
      decision: { prioritized: 'prioritised', not_prioritized: 'not prioritised' },
      source: { Interview: 'Interview', Leipzig: 'Leipzig', Benchmark: 'Benchmark' },
      direction: { up: 'higher is better', down: 'lower is better', neutral: 'neutral' },
      language: { de: 'German', en: 'English' },
    },
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
    noMatch: (total) =>
      total === 0
        ? 'The strategy has no measures.'
        : `None of the ${total === 1 ? 'one measure matches' : `${total} measures match`} the filters.`,
    summary: (shown, total, prioritized, disagreements) =>
      `${numbersEn.number(shown)} of ${numbersEn.number(total)} ${total === 1 ? 'measure' : 'measures'}, ${numbersEn.number(prioritized)} prioritised, ${numbersEn.number(disagreements)} ${disagreements === 1 ? 'disagreement' : 'disagreements'} with the decision`,
    flipDistance: 'Flip Δ',
    borderline: 'borderline',
    sensitivity: (borderline, worst, stable, prioritized) =>
      `Stability: ${numbersEn.number(borderline)} borderline ${borderline === 1 ? 'measure (◆) flips' : 'measures (◆) flip'} when one weight changes by ±1` +
      (worst === undefined || worst.flips === 0
        ? ''
        : `; the strongest single change (${worst.change}) flips ${numbersEn.number(worst.flips)} ${worst.flips === 1 ? 'measure' : 'measures'}`) +
      `; ${numbersEn.number(stable)} of ${numbersEn.number(prioritized)} prioritised ${prioritized === 1 ? 'measure' : 'measures'} ${stable === 1 ? 'withstands' : 'withstand'} every single change up to ±10.`,
    directions: (radius, critical) =>
      `In every direction: ${
        radius === undefined
          ? 'no weighting flips a priority'
          : `the smallest total change of the weights (L1) that flips a priority is ${numbersEn.number(radius.distance)} (${numbersEn.number(radius.relative)} % of the weight sum: ${radius.change} flips ${radius.flips})`
      }${
        critical === undefined
          ? ''
          : `; most critical Leitplanke: ${critical.leitplanke} (${critical.delta > 0 ? '+' : '−'}${numbersEn.number(Math.abs(critical.delta))}${critical.relative === null ? '' : `, ${numbersEn.number(critical.relative)} %`}, flips ${critical.flips})`
      }.`,
    leitplanke: 'Leitplanke',
    weight: 'Weight',
    before: 'before',
    after: 'calibrated',
    calibrated: (agreement, total, exact, evaluated, method) =>
      `${numbersEn.number(agreement)} of ${numbersEn.number(total)} ${total === 1 ? 'decision' : 'decisions'} reproduced (${exact ? 'exact optimum' : 'not proven optimal'}, ${
        method === 'milp'
          ? `mixed-integer programme, ${numbersEn.number(evaluated)} ${evaluated === 1 ? 'solve' : 'solves'}`
          : `${numbersEn.number(evaluated)} ${evaluated === 1 ? 'weighting' : 'weightings'} tried`
      })`,
    stillDisagree: 'Still disagreeing',
    calibrateProgress: (done, total) =>
      `calibrate: ${Math.floor((done / total) * 100)} % (${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} weightings)`,
    written: (path) => `Weights and threshold written to ${path}.`,
    newMeasure: {
      rateComment: 'Please rate: each Leitplanke 0–4 (scales in leitplanken.yaml)',
      created: (id, path) => `Created measure ${id}: ${path}`,
    },
    metrics: {
      goal: 'Goal',
      noValues: 'no values yet',
      none: 'The strategy has no metrics yet (metrics.yaml).',
      recorded: (id, period, path) => `Recorded ${id} for ${period} in ${path}.`,
      replaced: (id, period, path) => `Replaced ${id} for ${period} in ${path}.`,
    },
    fmt: {
      wouldChange: 'not in the canonical layout:',
      formatted: (count) => `${numbersEn.number(count)} ${count === 1 ? 'file' : 'files'} formatted.`,
      unchanged: (count) => `${numbersEn.number(count)} ${count === 1 ? 'file is' : 'files are'} already canonical.`,
    },
    validate: {
      valid: (files) => `${numbersEn.number(files)} ${files === 1 ? 'file' : 'files'} valid`,
      invalid: (errors, warnings, files) =>
        `${numbersEn.number(errors)} ${errors === 1 ? 'error' : 'errors'}, ${numbersEn.number(warnings)} ${warnings === 1 ? 'warning' : 'warnings'} in ${numbersEn.number(files)} ${files === 1 ? 'file' : 'files'}`,
    },
    report: {
      asOf: (date) => `As of ${date}`,
      leitplanken: 'Leitplanken (guard-rails)',
      weightLine: (weight, criterion) => `weight ${numbersEn.number(weight)} · rating criterion: ${criterion}`,
      scale: 'Rating scale (Anhang III)',
      rating: 'Rating',
      summary: 'Summary',
      measures: 'Measures',
      thresholdLine: (threshold, weights) =>
        `A measure is prioritised when its weighted score reaches the threshold ${numbersEn.number(threshold)} (weights: ${weights}).`,
      prioritizedMeasures: 'Prioritised measures',
      notPrioritisable: 'The measures of this field of action are scored but anchored outside the IT strategy and never prioritised.',
      details: 'Measure details',
      description: 'Description',
      currentState: 'Current state',
      recommendation: 'Recommendation',
      source: 'Source',
      status: 'Status',
      owner: 'Owner',
      portfolio: (field) => `Portfolio ${field}`,
      portfolioNote: (x, y, size) =>
        `x: ${x}, y: ${y}, bubble size: ${size.length > 0 ? size.join(' + ') : 'the same for all'}; dark: prioritised, light: not prioritised, dashed: partly prioritised. Every bubble sits exactly on its values; measures sharing a position are one bubble showing their count, their numbers above it.`,
      axis: (name) => [`${name}: low`, `${name}: high`],
      legendPrioritized: 'prioritised',
      legendOther: 'not prioritised',
      metrics: 'Metrics',
      metric: 'Metric',
      kind: 'Kind',
      latest: 'Latest value',
      period: 'Period',
      trend: 'Trend',
      good: 'good',
      bad: 'bad',
      noValues: 'no values yet',
      kinds: { count: 'count', number: 'number', ratio: 'ratio', percent: 'percent', money: 'amount', status: 'status', list: 'list' },
      consistency: 'Consistency',
      agreement: (agree, total) =>
        `${numbersEn.number(agree)} of ${numbersEn.number(total)} decided ${total === 1 ? 'priority' : 'priorities'} ${agree === 1 ? 'follows' : 'follow'} from the weights and the threshold.`,
      disagreements: 'Disagreements between decision and computation',
      borderline: (count) =>
        `${numbersEn.number(count)} ${count === 1 ? 'measure is' : 'measures are'} borderline: changing a single weight by ±1 flips the priority.`,
      stable: 'No measure flips when a single weight changes by ±1.',
      whatIf: 'What if …?',
      whatIfIntro:
        'Change weights and threshold: the ranking is recomputed at once. It is compared with two states: the priorities computed today (weights and threshold from leitplanken.yaml) and the decided priorities (each measure’s decision); both counts are shown above the table. The same values as on the command line are allowed: whole numbers, not all weights 0.',
      whatIfNoScript: 'The interactive computation needs JavaScript; the table shows the decided weighting.',
      reset: 'Reset',
      changedPriority: 'Change',
      newlyPrioritized: '↑ newly prioritised',
      noLongerPrioritized: '↓ no longer prioritised',
      whatIfSummary:
        'Prioritised: {prioritized}. Priority changes against today’s computation: {computed}. Differences from the decisions: {decided}.',
      contents: 'Contents',
      changesSince: (ref) => `Changes since ${ref}`,
      changesAtAGlance: (ref) => `Changes since ${ref} at a glance`,
      allChanges: 'All changes in detail',
      openIssues: 'Open consistency issues',
      openIssuesLine: (disagreements, decided, borderline) =>
        `Disagreements between decision and computation: ${numbersEn.number(disagreements)} of ${numbersEn.number(decided)} decided priorities. Borderline measures (flip at ±1 on one weight): ${numbersEn.number(borderline)}.`,
      toConsistency: 'To the consistency check',
      whatIfLink: 'What if …? Try other weights and threshold',
      fields: 'Fields of action',
      appendix: 'Appendix',
      chartTable: (field) => `Portfolio ${field} as a table`,
      count: 'Count',
      markerTitle: (count, ids) => (count === 1 ? `measure ${ids}` : `${numbersEn.number(count)} measures: ${ids}`),
      vsComputed: 'against today',
      vsDecision: 'against decision',
      whatIfBadWeight: 'Weight {label}: expected a whole number from 0 to {max} (entered: “{value}”).',
      whatIfBadThreshold: 'Threshold: expected a whole number from 0 to {max} (entered: “{value}”).',
      whatIfAllZero: 'All weights are 0: at least one must be above 0.',
      whatIfNotComputed: 'Not computed while an input is invalid.',
    },
    status: {
      version: (version, date) => `version ${version} of ${date}`,
      adopted: (body, date) => `adopted: ${body}, ${date}`,
      notAdopted: 'not adopted yet',
      fortschreibung: (years, due) => `Fortschreibung every ${years === 1 ? 'year' : `${numbersEn.number(years)} years`}: due ${due}`,
      overdue: (days) => `overdue by ${numbersEn.number(days)} ${days === 1 ? 'day' : 'days'}`,
      remaining: (days) => `in ${numbersEn.number(days)} ${days === 1 ? 'day' : 'days'}`,
      noCycle: 'No review cycle set (review in strategy.yaml).',
      byStatus: 'Measures by field of action and status',
      statusNames: {
        proposed: 'proposed',
        planned: 'planned',
        in_progress: 'in progress',
        done: 'done',
        dropped: 'dropped',
        none: 'no status',
      },
      total: 'total',
      review: 'Annual review of the measures',
      stale: (count, since) => `${numbersEn.number(count)} ${count === 1 ? 'measure has' : 'measures have'} not changed since ${since}:`,
      allReviewed: (since) => `Every measure changed since ${since}.`,
      uncommitted: (ids) => `Uncommitted changes: ${ids}`,
      noGit: (reason) => `Without git history nothing can be said about the annual review (${reason}).`,
      asOf: (date, commit) => `As of commit ${commit} of ${date}`,
      lastChange: 'last change',
    },
    history: {
      heading: (id, title) => `Measure ${id} – ${title}`,
      date: 'Date',
      commit: 'Commit',
      tags: 'Tags',
      events: 'Change',
      eventNames: {
        added: 'added',
        edited: 'edited',
        renamed: 'renamed',
        removed: 'removed',
        score: 'score',
        rank: 'rank',
        priority: 'priority',
      },
      walked: (commits, entries) =>
        `${numbersEn.number(entries)} of ${numbersEn.number(commits)} ${commits === 1 ? 'commit' : 'commits'} ${entries === 1 ? 'concerns' : 'concern'} the measure.`,
      progress: (done, total) =>
        `history: ${numbersEn.number(done)} of ${numbersEn.number(total)} ${total === 1 ? 'commit' : 'commits'} read`,
    },
    diff: {
      report: 'Change report for the Fortschreibung',
      from: 'Before',
      to: 'After',
      workingTree: 'working tree (uncommitted)',
      summary: 'Summary',
      counts: (added, removed, changed, rescored, priorityChanges) =>
        `${numbersEn.number(added)} ${added === 1 ? 'measure' : 'measures'} added, ${numbersEn.number(removed)} removed, ${numbersEn.number(changed)} changed (${numbersEn.number(rescored)} rescored); ${numbersEn.number(priorityChanges)} ${priorityChanges === 1 ? 'priority change' : 'priority changes'}.`,
      weightsChanged: 'The weights of the Leitplanken or the threshold changed.',
      weightsUnchanged: 'Weights and threshold are unchanged.',
      added: 'Added measures',
      removed: 'Removed measures',
      rescored: 'Rescored measures',
      priorityChanges: 'Priority changes',
      weights: 'Weights',
      otherChanges: 'Other changes to measures',
      fields: 'Handlungsfelder',
      metrics: 'Metrics',
      strategy: 'Strategy',
      invalid: 'Invalid files',
      revision: 'Revision',
      file: 'File',
      invalidNote: 'These files could not be read; the report shows what can be compared without them.',
      unranked: 'Left out of the ranking',
      unrankedNote: 'The file of these measures is invalid at the revision named; there their values feed no score and no rank.',
      none: 'none',
      change: 'Change',
      before: 'before',
      after: 'after',
      cause: 'Cause',
      causes: {
        scores: 'own scores',
        weights: 'weights',
        field: 'field of action',
        others: 'other measures',
        added: 'added',
        removed: 'removed',
      },
      keys: {
        current_state: 'current state',
        prioritized: 'prioritisable',
      },
      renamed: (from, to) => `file renamed: ${from} → ${to}`,
      fieldAdded: 'new field of action',
      fieldRemoved: 'field of action removed',
      metricAdded: 'new metric',
      metricRemoved: 'metric removed',
      newValue: 'new value',
      noRanking: 'Without valid Leitplanken and Handlungsfelder on both sides the ranking cannot be compared.',
      failOn: (kinds) => `--fail-on: ${kinds}`,
    },
    workbook: {
      leitplankenSheet: 'Guard-rails',
      measuresSheet: 'Measures',
      fieldsSheet: 'Fields of action',
      id: 'Id',
      name: 'Name',
      title: 'Title',
      text: 'Description',
      number: 'No',
      prioritisable: 'prioritisable',
      computedPriority: 'computed priority',
      tieOrder: 'order among equal scores',
      inputHint:
        'Yellow cells (weights, threshold, prioritisable fields) can be changed: score, rank and computed priority on the Measures sheet recompute.',
    },
    import: {
      summary: (source, c) =>
        `Import from ${source}: ${numbersEn.number(c.created)} new, ${numbersEn.number(c.updated)} changed, ${numbersEn.number(c.unchanged)} unchanged, ${numbersEn.number(c.absent)} not in the sheet, ${numbersEn.number(c.skipped)} skipped`,
      created: 'new',
      updated: 'changed',
      absent: 'not in the sheet (left as they are)',
      skipped: 'skipped',
      row: (n) => `row ${numbersEn.number(n)}`,
      computed: (columns) => `computed columns, not read: ${columns}`,
      nothingWritten: (rows) => `${numbersEn.number(rows)} ${rows === 1 ? 'row is' : 'rows are'} invalid; nothing was written.`,
      weight: (id, from, to) => `weight ${id}: ${numbersEn.number(from)} → ${numbersEn.number(to)}`,
      threshold: (from, to) => `threshold: ${numbersEn.number(from)} → ${numbersEn.number(to)}`,
      fieldCreated: 'new Handlungsfeld',
      fieldUpdated: 'Handlungsfeld changed',
      fieldsAbsent: 'Handlungsfelder not in the sheet (left as they are)',
      fieldRemoved: 'template Handlungsfeld left out (the list does not use it)',
      settingsUnchanged: (sheets) => `weights, threshold and Handlungsfelder unchanged (${sheets})`,
    },
    annualReview: {
      heading: (year) => `Annual review ${year}`,
      assessments: (count, ids) => `${numbersEn.number(count)} ${count === 1 ? 'assessment' : 'assessments'}: ${ids}`,
      none: (year) => `No assessments for ${year}.`,
      leitplanke: 'Leitplanke',
      count: 'n',
      median: 'median',
      range: 'min–max',
      iqr: 'IQR',
      current: 'today',
      adopted: 'adopted',
      spread: 'spread',
      scoreChange: 'score today → new',
      rankChange: 'rank today → new',
      agenda: 'Agenda: widest disagreement first',
      details: 'Per measure and Leitplanke',
      comments: 'Comments',
      weightsHeading: 'Proposed weights (shown, never applied)',
      tooFew: (min) => `fewer than ${numbersEn.number(min)} assessments: not applied`,
      kendall: (w, n, m, meaning) =>
        `Kendall's W (corrected for ties) = ${w} over ${numbersEn.number(n)} measures and ${numbersEn.number(m)} assessors: ${meaning}`,
      kendallUndefined: (n, m) =>
        `Kendall's W cannot be computed (${numbersEn.number(n)} measures rated by everyone, ${numbersEn.number(m)} assessors; it needs at least 2 of each and not only ties)`,
      meaning: (w) =>
        `${w >= 0.7 ? 'strong' : w >= 0.5 ? 'moderate' : w >= 0.3 ? 'weak' : 'hardly any'} agreement on the ranking of the measures (0 = none, 1 = complete)`,
      applied: (scores, measures) =>
        `${numbersEn.number(scores)} ${scores === 1 ? 'score' : 'scores'} in ${numbersEn.number(measures)} ${measures === 1 ? 'measure' : 'measures'} adopted`,
      nothingToApply: 'Nothing to apply: no adopted median differs from the score of today.',
      created: (assessor, path) => `assessment for ${assessor} created: ${path}`,
      imported: (assessor, path) => `assessment of ${assessor} read and written: ${path}`,
      notImported: 'The workbook has invalid cells; nothing was written.',
      statusLine: (year, submitted, expected) =>
        `Annual review ${year}: ${numbersEn.number(submitted)} of ${numbersEn.number(expected)} Fachbereiche have submitted an assessment`,
      unnamed: (year, n) =>
        `Annual review ${year}: ${numbersEn.number(n)} ${n === 1 ? 'assessment' : 'assessments'}; no Fachbereiche named (review.fachbereiche in strategy.yaml or the measures' fachbereich)`,
      missing: (list) => `still missing: ${list}`,
      due: (year, until) => `review ${year} due by ${until}`,
      overdue: (year, since) => `review ${year} overdue since ${since}`,
      done: (year) => `review ${year}: assessments are in`,
      owner: (text) => `accountable: ${text}`,
      unassigned: (list) => `not assigned to a Fachbereich: ${list} (assessor.fachbereich names none of those expected)`,
      sheetLabels: {
        sheet: 'Assessment',
        assessor: 'id of the assessor (Fachbereich)',
        name: 'name',
        fachbereich: 'Fachbereich',
        date: 'date (YYYY-MM-DD)',
        hint: "Yellow cells: your score per Leitplanke (starting from today's). Change only where you disagree; a row without values counts as not rated. Do not change column A or the header row.",
      },
    },
    requirements: {
      kinds: { law: 'law', regulation: 'regulation', programme: 'programme', land_service: 'Land service' },
      computed: 'computed',
      computedNames: { open_requirements: 'open requirements of requirements.yaml' },
      deadlines: 'Deadlines',
      deadline: 'Deadline',
      overdue: (name, deadline, measures) => `${name}: deadline ${deadline} passed; not done: ${measures}`,
      noMeasure: 'no measure serves it',
      noOverdue: (today) => `No mandatory requirement is open past its deadline on ${today}.`,
      open: (count, today) => `Open regulatory requirements on ${today}: ${numbersEn.number(count)}`,
      roadmap: 'Roadmap',
      milestones: 'Deadlines (requirements)',
      start: 'Start',
      due: 'Due',
      dependsOn: 'Depends on',
      fachbereich: 'Fachbereich',
      undated: (count) =>
        `${numbersEn.number(count)} ${count === 1 ? 'measure without dates is' : 'measures without dates are'} not on the timeline.`,
      noDates: 'No measure has dates (start, due). itstrat roadmap --propose proposes an order.',
      proposal: 'Proposal: order of the prioritised measures',
      section: 'Requirements and roadmap',
      judgedOn: (day) => `Judged on ${day} (--date, else the strategy's date).`,
      requirement: 'Requirement',
      mandatory: 'mandatory',
      state: { open: 'open', done: 'done', overdue: 'deadline passed', optional: 'not mandatory' },
      proposalHint:
        'Every measure comes after those it depends on; otherwise the computed priority decides, then the weighted score, then the id. Only a proposal: it is written with --write.',
      proposalWritten: (count) =>
        `Every measure comes after those it depends on; otherwise the computed priority decides, then the weighted score, then the id. Stored as sequence with --write: ${count === 0 ? 'every measure file was already right' : `${numbersEn.number(count)} measure ${count === 1 ? 'file' : 'files'} changed`}.`,
      blocked: (ids) => `cycle in depends_on, not placed: ${ids}`,
    },
  },
} satisfies Record<Lang, Messages>;
