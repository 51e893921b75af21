/**
 * The inline script of the HTML report: re-scores, re-ranks and re-marks priorities when a
 * weight or the threshold changes. Plain ES2017, no library, no network; all text goes in
 * through textContent, never as markup.
 */
export const whatIfScript = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('itstrat-data').textContent);
  var form = document.getElementById('whatif-form');
  var body = document.querySelector('#whatif-table tbody');
  var summary = document.getElementById('whatif-summary');
  if (!form || !body || !summary) return;
  function compareIds(a, b) {
    var pa = a.split('.').map(Number), pb = b.split('.').map(Number);
    for (var i = 0; i < Math.max(pa.length, pb.length); i++) {
      var d = (pa[i] === undefined ? -1 : pa[i]) - (pb[i] === undefined ? -1 : pb[i]);
      if (d !== 0) return d;
    }
    return 0;
  }
  function input(name, value) {
    var label = document.createElement('label');
    var span = document.createElement('span');
    span.textContent = name;
    var field = document.createElement('input');
    field.type = 'number';
    field.min = '0';
    field.step = '1';
    field.value = String(value);
    label.appendChild(span);
    label.appendChild(field);
    form.appendChild(label);
    return field;
  }
  var weightInputs = data.leitplanken.map(function (l) {
    var field = input(l.label, l.weight);
    field.name = 'weight-' + l.id;
    field.dataset.leitplanke = l.id;
    return field;
  });
  var thresholdInput = input(data.text.threshold, data.threshold);
  thresholdInput.name = 'threshold';
  var reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = data.text.reset;
  form.appendChild(reset);
  form.hidden = false;
  function number(field, fallback) {
    var v = Number(field.value);
    return field.value === '' || !isFinite(v) || v < 0 ? fallback : v;
  }
  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
  }
  function update() {
    var weights = {};
    weightInputs.forEach(function (f, i) { weights[f.dataset.leitplanke] = number(f, data.leitplanken[i].weight); });
    var threshold = number(thresholdInput, data.threshold);
    var rows = data.measures.map(function (m) {
      var score = 0;
      data.leitplanken.forEach(function (l) { score += (weights[l.id] || 0) * (m.scores[l.id] || 0); });
      var prioritized = data.fields[m.field] === true && score >= threshold - 1e-9;
      return { m: m, score: score, prioritized: prioritized };
    });
    rows.sort(function (a, b) { return b.score - a.score || compareIds(a.m.id, b.m.id); });
    while (body.firstChild) body.removeChild(body.firstChild);
    var changed = 0, prioritizedCount = 0;
    rows.forEach(function (r, i) {
      var tr = document.createElement('tr');
      tr.dataset.id = r.m.id;
      var change = '';
      if (r.prioritized !== r.m.published) {
        changed++;
        change = r.prioritized ? data.text.newly : data.text.noLonger;
        tr.className = r.prioritized ? 'up' : 'down';
      }
      if (r.prioritized) prioritizedCount++;
      cell(tr, String(i + 1), 'num');
      cell(tr, r.m.id);
      cell(tr, r.m.title);
      cell(tr, String(Math.round(r.score * 100) / 100), 'num');
      cell(tr, r.prioritized ? data.text.prioritized : data.text.notPrioritized);
      cell(tr, change);
      body.appendChild(tr);
    });
    summary.textContent = data.text.summary.replace('{prioritized}', String(prioritizedCount)).replace('{changed}', String(changed));
  }
  form.addEventListener('input', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  reset.addEventListener('click', function () {
    weightInputs.forEach(function (f, i) { f.value = String(data.leitplanken[i].weight); });
    thresholdInput.value = String(data.threshold);
    update();
  });
  update();
})();
`;
