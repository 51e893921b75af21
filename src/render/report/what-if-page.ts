/**
 * The HTML report's what-if panel, running in the reader's browser. It scores with the very
 * module `itstrat score` uses and checks its fields with the very rule `score --weights` and
 * `--threshold` apply (both bundled into an IIFE by scripts/build.mjs), so ranking, natural id
 * order, rounding and what counts as valid input cannot drift apart. No library, no network;
 * all text goes in through textContent, never as markup.
 */
import { wholeWithin } from '../../model/whole-text.js';
import { displayScore, scoreMeasures } from '../../scoring/score.js';
import type { WhatIfData } from './what-if-data.js';

function start(): void {
  const dataElement = document.getElementById('itstrat-data');
  const form = document.getElementById('whatif-form');
  const table = document.getElementById('whatif-table');
  const body = document.querySelector('#whatif-table tbody');
  const summary = document.getElementById('whatif-summary');
  const alert = document.getElementById('whatif-error');
  if (dataElement === null || form === null || table === null || body === null || summary === null || alert === null) return;
  const data = JSON.parse(dataElement.textContent ?? '') as WhatIfData;

  let fields = 0;
  const input = (name: string, value: number): HTMLInputElement => {
    const label = document.createElement('label');
    const span = document.createElement('span');
    span.textContent = name;
    const field = document.createElement('input');
    // Text, not type=number: a number field hides what was typed (2.5, 1e2) behind its own
    // parsing, and the page must judge exactly the text the command line would be given.
    field.type = 'text';
    field.inputMode = 'numeric';
    field.autocomplete = 'off';
    field.id = `whatif-field-${fields++}`;
    field.value = String(value);
    field.setAttribute('aria-describedby', 'whatif-error');
    label.append(span, field);
    form.append(label);
    return field;
  };
  const weightInputs = data.leitplanken.map((l) => {
    const field = input(l.label, l.weight);
    field.name = `weight-${l.id}`;
    field.dataset['leitplanke'] = l.id;
    return field;
  });
  const thresholdInput = input(data.text.threshold, data.threshold);
  thresholdInput.name = 'threshold';
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = data.text.reset;
  form.append(reset);
  form.hidden = false;

  const fill = (text: string, values: Record<string, string | number>): string =>
    text.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
  const cell = (row: HTMLTableRowElement, text: string, className?: string): void => {
    const td = document.createElement('td');
    td.textContent = text;
    if (className !== undefined) td.className = className;
    row.append(td);
  };
  const change = (now: boolean, before: boolean | null): string =>
    before === null || now === before ? '' : now ? data.text.newly : data.text.noLonger;

  /** The fields' values as `score --weights/--threshold` reads them, or the messages saying why not. */
  const read = (): { weights: Record<string, number>; threshold: number } | { errors: string[] } => {
    const errors: string[] = [];
    const weights: Record<string, number> = {};
    data.leitplanken.forEach((l, i) => {
      const field = weightInputs[i]!;
      // --weights reads `id= 3 ` as 3: blanks around a value are not part of it.
      const w = wholeWithin(field.value.trim(), 0, data.maxWeight);
      field.setAttribute('aria-invalid', String(w === undefined));
      if (w === undefined) errors.push(fill(data.text.badWeight, { label: l.label, max: data.maxWeight, value: field.value }));
      else weights[l.id] = w;
    });
    if (errors.length === 0 && Object.values(weights).every((w) => w === 0)) {
      errors.push(data.text.allZero);
      weightInputs.forEach((f) => f.setAttribute('aria-invalid', 'true'));
    }
    const threshold = wholeWithin(thresholdInput.value, 0, data.maxThreshold);
    thresholdInput.setAttribute('aria-invalid', String(threshold === undefined));
    if (threshold === undefined) errors.push(fill(data.text.badThreshold, { max: data.maxThreshold, value: thresholdInput.value }));
    return errors.length > 0 || threshold === undefined ? { errors } : { weights, threshold };
  };

  const update = (): void => {
    const input = read();
    if ('errors' in input) {
      // Nothing computed from input the command line would refuse: the message, and no table.
      alert.textContent = `${input.errors.join(' ')} ${data.text.notComputed}`;
      summary.textContent = '';
      table.hidden = true;
      return;
    }
    alert.textContent = '';
    table.hidden = false;
    const rows = scoreMeasures(
      { leitplanken: data.leitplanken, threshold: input.threshold, fields: data.fields, measures: data.measures },
      input.weights,
      input.threshold,
    );
    body.replaceChildren();
    let computed = 0;
    let decided = 0;
    let prioritizedCount = 0;
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset['id'] = r.measure.id;
      const vsComputed = change(r.prioritized, r.measure.computed);
      const vsDecided = change(r.prioritized, r.measure.decided);
      if (vsComputed !== '') {
        computed++;
        tr.className = r.prioritized ? 'up' : 'down';
      }
      if (vsDecided !== '') decided++;
      if (r.prioritized) prioritizedCount++;
      cell(tr, String(r.rank), 'num');
      cell(tr, r.measure.id);
      cell(tr, r.measure.title);
      cell(tr, String(displayScore(r.score)), 'num');
      cell(tr, r.prioritized ? data.text.prioritized : data.text.notPrioritized);
      cell(tr, vsComputed);
      cell(tr, r.measure.decided === null ? data.text.undecided : r.measure.decided ? data.text.prioritized : data.text.notPrioritized);
      cell(tr, vsDecided);
      body.append(tr);
    }
    summary.textContent = fill(data.text.summary, { prioritized: prioritizedCount, computed, decided });
  };
  form.addEventListener('input', update);
  form.addEventListener('submit', (e) => e.preventDefault());
  reset.addEventListener('click', () => {
    weightInputs.forEach((f, i) => (f.value = String(data.leitplanken[i]!.weight)));
    thresholdInput.value = String(data.threshold);
    update();
  });
  update();
}

start();
