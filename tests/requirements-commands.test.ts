// Issue 16 through the built binary: the computed metric in `metrics`, its refusal in
// `metrics record`, and the deadlines of requirements.yaml in `status`.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/render/display-width.js';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { inTerminal } from './helpers/pty.js';

const OPEN = 'open-regulatory-requirements';

interface MetricJson {
  id: string;
  computed: string | null;
  values: { period: string; value: string[] }[];
}
const metricsJson = (dir: string, today: string) => {
  const run = itstrat(['metrics', '--dir', dir, '--format', 'json', '--today', today]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { metrics: MetricJson[] }).metrics.find((m) => m.id === OPEN)!;
};
const setStatus = (dir: string, file: string, status: string) =>
  editFile(join(dir, 'measures', file), (t) => t.replace(/\ndecision: /, `\nstatus: ${status}\ndecision: `));

describe('the computed metric "offene regulatorische Anforderungen"', () => {
  it('is computed for --today: mandatory, in force within two years, not every serving measure done', () => {
    const dir = copyStrategy();
    const today = metricsJson(dir, '2026-11-28');
    expect(today.computed).toBe('open_requirements');
    expect(today.values).toEqual([
      {
        period: '2026-11-28',
        value: [
          'Gesetz zur Förderung der elektronischen Verwaltung (EGovG)',
          'Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (OZG)',
          'Niedersächsisches Archivgesetz (NArchG)',
          'Gesicherter Zugang über Nutzerkonten mit Postfachfunktion (Basisdienst des Landes)',
          'Behördeninformationssystem (z. B. BUS) (Basisdienst des Landes)',
        ],
      },
    ]);
    // Before 2015-06-07 the OZG (2017-06-07) was more than two years away; the EGovG (2013-07-25)
    // was within two years from 2011-07-25 on. (The eIDAS regulation is not recorded as mandatory:
    // the seed states no duty of the city.)
    expect(metricsJson(dir, '2015-06-06').values[0]!.value).not.toContain(
      'Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (OZG)',
    );
    expect(metricsJson(dir, '2015-06-07').values[0]!.value).toContain(
      'Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (OZG)',
    );
    expect(metricsJson(dir, '2011-07-24').values[0]!.value).toEqual([
      'Niedersächsisches Archivgesetz (NArchG)',
      'Gesicherter Zugang über Nutzerkonten mit Postfachfunktion (Basisdienst des Landes)',
      'Behördeninformationssystem (z. B. BUS) (Basisdienst des Landes)',
    ]);
  });

  it('closes a requirement only when every serving measure is done', () => {
    const dir = copyStrategy();
    setStatus(dir, '1.8-earchiv.yaml', 'done');
    expect(metricsJson(dir, '2026-11-28').values[0]!.value).toContain('Niedersächsisches Archivgesetz (NArchG)');
    setStatus(dir, '1.2-e-akte-dokumentenmanagement-system.yaml', 'done');
    expect(metricsJson(dir, '2026-11-28').values[0]!.value).not.toContain('Niedersächsisches Archivgesetz (NArchG)');
  });

  it('is a series: one value at the end of every period measured, and today', () => {
    const dir = copyStrategy();
    expect(itstrat(['metrics', 'record', 'it-costs', '--dir', dir, '--period', '2020-Q2', '--value', '1000']).status).toBe(0);
    expect(itstrat(['metrics', 'record', 'it-costs', '--dir', dir, '--period', '2024', '--value', '1000']).status).toBe(0);
    expect(metricsJson(dir, '2024-06-01').values.map((v) => v.period)).toEqual(['2020-06-30', '2024-06-01']);
    expect(metricsJson(dir, '2026-01-01').values.map((v) => v.period)).toEqual(['2020-06-30', '2024-12-31', '2026-01-01']);
  });

  it('shows as computed in the table, in both languages', () => {
    const dir = copyStrategy();
    const de = itstrat(['metrics', '--dir', dir, '--today', '2026-11-28']);
    expect(de.stdout).toMatch(/open-regulatory-requirements .*Liste \(berechnet\)/);
    const en = itstrat(['metrics', '--dir', dir, '--today', '2026-11-28', '--lang', 'en']);
    expect(en.stdout).toMatch(/open-regulatory-requirements .*list \(computed\)/);
  });

  it('metrics record refuses it with exit 2 and leaves metrics.yaml alone', () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    const run = itstrat(['metrics', 'record', OPEN, '--dir', dir, '--period', '2020', '--value', 'OZG']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `itstrat: ${OPEN} is computed from requirements.yaml (open_requirements), never recorded: itstrat metrics shows its values; change requirements.yaml or the measures' status instead\n`,
    );
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
  });

  it('refuses a bad --today with exit 2', () => {
    const run = itstrat(['metrics', '--dir', copyStrategy(), '--today', '2021-02-29']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--today: expected YYYY-MM-DD');
  });
});

describe('status shows the deadlines of requirements.yaml', () => {
  const statusJson = (dir: string, today: string) => {
    const run = itstrat(['status', '--dir', dir, '--format', 'json', '--today', today]);
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as { requirements: { id: string; overdue: boolean; open: boolean }[] };
  };

  it('a mandatory requirement is overdue from the day after its deadline ends ("bis Juni 2022": from 2022-07-01)', () => {
    const dir = copyStrategy();
    const overdue = (today: string) =>
      statusJson(dir, today)
        .requirements.filter((r) => r.overdue)
        .map((r) => r.id);
    expect(overdue('2022-06-30')).toEqual([]);
    expect(overdue('2022-07-01')).toEqual(['ozg']);
    // Not mandatory: the e-procurement of the EU action plan (2019) is never overdue.
    expect(statusJson(dir, '2026-01-01').requirements.find((r) => r.id === 'eu-evergabe')).toMatchObject({ overdue: false, open: false });
    setStatus(dir, '2.1-portal-strategie-entwickeln-umsetzen.yaml', 'done');
    expect(overdue('2022-07-01')).toEqual([]);
  });

  it('names the requirement and the measures not done, in German and English', () => {
    const dir = copyStrategy();
    const de = itstrat(['status', '--dir', dir, '--today', '2026-11-28']);
    expect(de.stdout).toContain('Fristen\n');
    expect(de.stdout).toContain(
      '• Gesetz zur Verbesserung des Onlinezugangs zu Verwaltungsleistungen (OZG): Frist 2022-06 überschritten; nicht erledigt: 2.1',
    );
    expect(de.stdout).toContain('Offene regulatorische Anforderungen am 2026-11-28: 5');
    const en = itstrat(['status', '--dir', dir, '--today', '2022-06-30', '--lang', 'en']);
    expect(en.stdout).toContain('No mandatory requirement is open past its deadline on 2022-06-30.');
  });

  it('fits a 40-column terminal, the deadlines included', () => {
    const { screen, status } = inTerminal(40, ['status', '--dir', copyStrategy(), '--today', '2026-11-28']);
    expect(status).toBe(0);
    expect(screen).toContain('Fristen');
    expect(screen.split('\n').filter((l) => displayWidth(l) > 40)).toEqual([]);
  });

  it('a strategy without requirements.yaml shows no deadlines section', () => {
    const dir = copyStrategy();
    rmSync(join(dir, 'requirements.yaml'));
    const run = itstrat(['status', '--dir', dir, '--today', '2026-11-28']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('Fristen');
  });
});
