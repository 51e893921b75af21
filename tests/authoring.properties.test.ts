import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { lostComments } from '../src/write/update-yaml-file.js';
import { copyStrategy } from './helpers/cli.js';
import { itstratInProcess as itstrat } from './helpers/in-process.js';

type Op =
  | { kind: 'record'; metric: number; year: number; value: number; replace: boolean }
  | { kind: 'new'; field: number; title: string }
  | { kind: 'fmt' };

const fields = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation', 'uebergeordnet'];
const countMetrics = ['non-standard-procedures', 'media-break-free-processes'];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    metric: fc.nat(1),
    year: fc.integer({ min: 2019, max: 2023 }),
    value: fc.nat(500),
    replace: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('new' as const),
    field: fc.nat(4),
    title: fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== ''),
  }),
  fc.constant({ kind: 'fmt' as const }),
);

function files(dir: string): Map<string, string> {
  return new Map(readStrategyDir(dir).map((f) => [f.relative, Buffer.from(f.bytes).toString('utf8')]));
}

describe('authoring never loses data or comments', () => {
  it('random sequences of record, new and fmt keep all data and comments and leave the strategy valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const dir = copyStrategy();
        const expectedValues = new Map<string, Map<string, number>>();
        let measureCount = 54;
        for (const o of ops) {
          const before = files(dir);
          if (o.kind === 'record') {
            const id = countMetrics[o.metric]!;
            const period = String(o.year);
            const values = expectedValues.get(id) ?? new Map<string, number>();
            const exists = values.has(period);
            const failed =
              (
                await itstrat([
                  'metrics',
                  'record',
                  id,
                  '--period',
                  period,
                  '--value',
                  String(o.value),
                  ...(o.replace ? ['--replace'] : []),
                  '--dir',
                  dir,
                ])
              ).status !== 0;
            // A value for a period already recorded is refused unless --replace.
            expect(failed).toBe(exists && !o.replace);
            if (!failed) values.set(period, o.value);
            expectedValues.set(id, values);
          } else if (o.kind === 'new') {
            expect(
              (await itstrat(['new', 'measure', '--field', fields[o.field]!, '--title', o.title, '--lang', 'de', '--dir', dir])).status,
            ).toBe(0);
            measureCount++;
          } else {
            expect((await itstrat(['fmt', '--dir', dir])).status).toBe(0);
          }
          const after = files(dir);
          for (const [name, text] of before) {
            expect(after.has(name), name).toBe(true);
            expect(lostComments(parseDocument(text), parseDocument(after.get(name)!)), name).toEqual([]);
            if (name.startsWith('measures/')) expect(parse(after.get(name)!)).toEqual(parse(text));
          }
          const { strategy, findings } = assembleStrategy(dir, readStrategyDir(dir));
          expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(strategy!.measures).toHaveLength(measureCount);
          for (const [id, values] of expectedValues) {
            const metric = strategy!.metrics.metrics.find((m) => m.id === id)!;
            expect(Object.fromEntries(metric.values.map((v) => [v.period, v.value]))).toEqual(Object.fromEntries(values));
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('fmt is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 4 }), async (ops) => {
        const dir = copyStrategy();
        for (const o of ops) {
          if (o.kind === 'record')
            await itstrat([
              'metrics',
              'record',
              countMetrics[o.metric]!,
              '--period',
              String(o.year),
              '--value',
              String(o.value),
              '--replace',
              '--dir',
              dir,
            ]);
          else if (o.kind === 'new')
            await itstrat(['new', 'measure', '--field', fields[o.field]!, '--title', o.title, '--lang', 'en', '--dir', dir]);
        }
        expect((await itstrat(['fmt', '--dir', dir])).status).toBe(0);
        const once = files(dir);
        const again = await itstrat(['fmt', '--dir', dir, '--lang', 'en']);
        expect(again.stdout).toMatch(/^\d+ files are already canonical\.\n$/);
        expect(files(dir)).toEqual(once);
        expect((await itstrat(['fmt', '--check', '--dir', dir])).status).toBe(0);
        expect(readdirSync(join(dir, 'measures')).every((f) => !f.includes('.tmp'))).toBe(true);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
