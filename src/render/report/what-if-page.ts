/**
 * The HTML report's what-if panel, running in the reader's browser. It scores with the very
 * module `itstrat score` uses (bundled into an IIFE by scripts/build.mjs), so ranking, natural id
 * order, tolerance and rounding cannot drift apart. No library, no network; all text goes in
 * through textContent, never as markup.
 */
import { displayScore, scoreMeasures } from '../../scoring/score.js';
import type { WhatIfData } from './what-if-data.js';

function start(): void {
  const dataElement = document.getElementById('itstrat-data');
  const form = document.getElementById('whatif-form');
  const body = document.querySelector('#whatif-table tbody');
  const summary = document.getElementById('whatif-summary');
  if (dataElement === null || form === null || body === null || summary === null) return;
  const data = JSON.parse(dataElement.textContent ?? '') as WhatIfData;

  const input = (name: string, value: number): HTMLInputElement => {
    const label = document.createElement('label');
    const span = document.createElement('span');
    span.textContent = name;
    const field = document.createElement('input');
    field.type = 'number';
    field.min = '0';
    field.step = '1';
    field.value = String(value);
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

  const number = (field: HTMLInputElement, fallback: number): number => {
    const v = Number(field.value);
    return field.value === '' || !Number.isFinite(v) || v < 0 ? fallback : v;
  };
  const cell = (row: HTMLTableRowElement, text: string, className?: string): void => {
    const td = document.createElement('td');
    td.textContent = text;
    if (className !== undefined) td.className = className;
    row.append(td);
  };

  const update = (): void => {
    const weights = Object.fromEntries(data.leitplanken.map((l, i) => [l.id, number(weightInputs[i]!, l.weight)]));
    const threshold = number(thresholdInput, data.threshold);
    const rows = scoreMeasures(
      { leitplanken: data.leitplanken, threshold, fields: data.fields, measures: data.measures },
      weights,
      threshold,
    );
    body.replaceChildren();
    let changed = 0;
    let prioritizedCount = 0;
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset['id'] = r.measure.id;
      let change = '';
      if (r.prioritized !== r.measure.published) {
        changed++;
        change = r.prioritized ? data.text.newly : data.text.noLonger;
        tr.className = r.prioritized ? 'up' : 'down';
      }
      if (r.prioritized) prioritizedCount++;
      cell(tr, String(r.rank), 'num');
      cell(tr, r.measure.id);
      cell(tr, r.measure.title);
      cell(tr, String(displayScore(r.score)), 'num');
      cell(tr, r.prioritized ? data.text.prioritized : data.text.notPrioritized);
      cell(tr, change);
      body.append(tr);
    }
    summary.textContent = (changed === 1 ? data.text.summaryOne : data.text.summary)
      .replace('{prioritized}', String(prioritizedCount))
      .replace('{changed}', String(changed));
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
