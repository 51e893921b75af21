import { formatMedium, type ImportFormat } from './formats.js';
import { guardFormatters, jsonDocument, terminalText } from './escape.js';
import type { ImportReport } from '../results/import.js';
import type { RenderContext } from './render-context.js';
import { inContractOrder } from '../model/finding.js';
import type { ColumnRole } from '../model/import-columns.js';

const roleName = (r: ColumnRole): string => (r.kind === 'key' ? r.key : r.kind === 'score' ? `scores.${r.leitplanke}` : r.kind);

function table(report: ImportReport, { messages: m, chalk }: RenderContext): string {
  const t = m.import;
  const source = report.sheet === undefined ? report.file : `${report.file} (${JSON.stringify(report.sheet)})`;
  const lines = [
    t.summary(terminalText(source), {
      created: report.created.length,
      updated: report.updated.length,
      unchanged: report.unchanged.length,
      absent: report.absent.length,
      skipped: report.skipped.length,
    }),
  ];
  const computed = report.columns.filter((c) => c.role.kind === 'computed').map((c) => terminalText(c.header));
  if (computed.length > 0) lines.push(chalk.dim(t.computed(computed.join(', '))));
  const measure = (x: { id: string; title: string }): string => `${terminalText(x.id)} ${terminalText(x.title)}`;
  for (const x of report.created)
    lines.push(`  ${chalk.green('+')} ${t.created}: ${measure(x)} (${t.row(x.row)}) → ${terminalText(x.file)}`);
  // Keys as people call them: the language's label, a score by its column's header in the sheet.
  const keyLabel = (key: string): string =>
    key.startsWith('scores.')
      ? (report.columns.find((c) => c.role.kind === 'score' && c.role.leitplanke === key.slice(7))?.header ?? key.slice(7))
      : (m.diff.keys[key] ?? key.replace('_', ' '));
  for (const x of report.updated)
    lines.push(
      `  ${chalk.yellow('~')} ${t.updated}: ${measure(x)} (${t.row(x.row)}): ${terminalText((x.changed ?? []).map(keyLabel).join(', '))}`,
    );
  for (const x of report.skipped)
    lines.push(
      `  ${chalk.red('!')} ${t.skipped}: ${t.row(x.row)}${x.id === undefined ? '' : ` (${terminalText(x.id)})`}: ${terminalText(x.reasons.join('; '))}`,
    );
  if (report.absent.length > 0) lines.push(`${t.absent}: ${report.absent.map((x) => terminalText(x.id)).join(', ')}`);
  const st = report.settings;
  if (st !== undefined) {
    const sheets = [st.leitplankenSheet, st.fieldsSheet].filter((x): x is string => x !== undefined);
    const before = lines.length;
    if (st.threshold !== undefined) lines.push(`  ${chalk.yellow('~')} ${t.threshold(st.threshold.from, st.threshold.to)}`);
    for (const w of st.weights) lines.push(`  ${chalk.yellow('~')} ${t.weight(terminalText(w.id), w.from, w.to)}`);
    for (const f of st.fields.created)
      lines.push(`  ${chalk.green('+')} ${t.fieldCreated}: ${f.number} ${terminalText(f.id)} (${terminalText(f.name)}) (${t.row(f.row)})`);
    for (const f of st.fields.updated)
      lines.push(
        `  ${chalk.yellow('~')} ${t.fieldUpdated}: ${f.from === undefined ? '' : `${terminalText(f.from)} → `}${terminalText(f.id)} (${t.row(f.row)}): ${f.changed.map((k) => m.diff.keys[k] ?? k).join(', ')}`,
      );
    for (const f of st.fields.removed ?? [])
      lines.push(`  ${chalk.red('-')} ${t.fieldRemoved}: ${terminalText(f.id)} (${terminalText(f.name)})`);
    if (lines.length === before) lines.push(chalk.dim(t.settingsUnchanged(sheets.map((x) => terminalText(JSON.stringify(x))).join(', '))));
    if (st.fields.absent.length > 0) lines.push(`${t.fieldsAbsent}: ${st.fields.absent.map((x) => terminalText(x.id)).join(', ')}`);
  }
  if (!report.valid) lines.push(chalk.red(t.nothingWritten(report.invalidRows)));
  return `${lines.join('\n')}\n`;
}

function json(report: ImportReport): string {
  return jsonDocument({
    file: report.file,
    ...(report.sheet !== undefined ? { sheet: report.sheet } : {}),
    ...(report.encoding !== undefined ? { encoding: report.encoding } : {}),
    ...(report.delimiter !== undefined ? { delimiter: report.delimiter } : {}),
    header_row: report.headerRow,
    valid: report.valid,
    columns: report.columns.map((c) => ({ column: c.column, header: c.header, role: roleName(c.role) })),
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged.map((x) => x.id),
    absent: report.absent,
    skipped: report.skipped,
    findings: report.findings.map(inContractOrder),
    ...(report.settings !== undefined
      ? {
          settings: {
            sheets: {
              leitplanken: report.settings.leitplankenSheet ?? null,
              fields: report.settings.fieldsSheet ?? null,
            },
            files: report.settings.files,
            threshold: report.settings.threshold ?? null,
            weights: report.settings.weights,
            fields: report.settings.fields,
          },
        }
      : {}),
  });
}

export const importFormatters = guardFormatters(formatMedium, { table, json }) satisfies Record<
  ImportFormat,
  (r: ImportReport, c: RenderContext) => string
>;
