import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';

describe('the parse cache', () => {
  const run = (args: string[], cache: string) => itstrat(args, { env: { ITSTRAT_CACHE_DIR: cache } });

  it('gives the same results, positions included, from a warm cache as from a cold one', () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.2-e-akte-dokumentenmanagement-system.yaml'), (t) =>
      t.replace('  security: 2', '  security: 5').replace(/^title:/m, 'titel:'),
    );
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    const cold = run(['validate', '--dir', dir, '--format', 'json'], cache);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const warm = run(['validate', '--dir', dir, '--format', 'json'], cache);
    expect(warm).toEqual(cold);
    expect(JSON.parse(warm.stdout).errors).toBe(3);

    const clean = copyStrategy();
    editFile(join(clean, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    const first = run(['score', '--check', '--dir', clean], cache);
    expect(run(['score', '--check', '--dir', clean], cache)).toEqual(first);
    expect(first.stderr).toMatch(/1\.6-evergabe\.yaml:19:11 error measure 1\.6 is recorded as prioritized/);
  });

  it('notices every change of content', () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    expect(run(['validate', '--dir', dir], cache).status).toBe(0);
    const file = join(dir, 'measures', '3.3-modularer-aufbau-it-infrastruktur.yaml');
    editFile(file, (t) => t.replace('  quality: 3', '  quality: 9'));
    const r = run(['validate', '--dir', dir], cache);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('scores.quality must be at most 4 (found 9)');
    editFile(file, (t) => t.replace('  quality: 9', '  quality: 3'));
    expect(run(['validate', '--dir', dir], cache).status).toBe(0);
  });

  it('is ignored when unreadable, and can be switched off', () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    expect(run(['validate', '--dir', dir], cache).status).toBe(0);
    for (const f of readdirSync(cache))
      writeFileSync(join(cache, f), f.endsWith('.json') ? '{"version": "garbage", "entries": 1' : 'not a code cache');
    expect(run(['validate', '--dir', dir], cache).status).toBe(0);
    const off = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    expect(itstrat(['validate', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: off, ITSTRAT_CACHE: '0' } }).status).toBe(0);
    expect(readdirSync(off)).toEqual([]);
  });
});
