import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

// The in-process runner stands in for the binary in most command tests: it must pass the
// environment where the code reads it, and leave none of it behind for the next test.
describe('itstratInProcess', () => {
  it('sets env in process.env for the call (modules read it there) and restores it afterwards', async () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    expect(process.env['ITSTRAT_LOCK_TIMEOUT']).toBeUndefined();
    process.env['ITSTRAT_CACHE'] = 'kept';
    const r = await itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2030', '--value', '2'], {
      env: { ITSTRAT_LOCK_TIMEOUT: '5s', ITSTRAT_CACHE: '0' },
    });
    expect(r).toEqual({
      stdout: '',
      stderr: 'itstrat: ITSTRAT_LOCK_TIMEOUT: expected a whole number of milliseconds (found "5s")\n',
      status: 2,
    });
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
    expect(process.env['ITSTRAT_LOCK_TIMEOUT']).toBeUndefined();
    expect(process.env['ITSTRAT_CACHE']).toBe('kept');
    delete process.env['ITSTRAT_CACHE'];
  });

  it('restores the environment after a failing run too', async () => {
    await itstratInProcess(['validate', '--dir', '/nonexistent-itstrat'], { env: { ITSTRAT_LOCK_TIMEOUT: '1' } });
    expect(process.env['ITSTRAT_LOCK_TIMEOUT']).toBeUndefined();
  });

  it('gives the CLI the env as its own (ITSTRAT_DIR), and no ITSTRAT_DIR or colour of the test process', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('  strategy: 3', '  strategy: 9'));
    expect((await itstratInProcess(['validate'], { env: { ITSTRAT_DIR: dir } })).status).toBe(1);
    process.env['ITSTRAT_DIR'] = dir;
    process.env['FORCE_COLOR'] = '1';
    try {
      expect(await itstratInProcess(['validate'])).toEqual({ stdout: '✔ 58 Dateien gültig\n', stderr: '', status: 0 });
    } finally {
      delete process.env['ITSTRAT_DIR'];
      delete process.env['FORCE_COLOR'];
    }
  });

  it('refuses an env override while another in-process run is in flight', async () => {
    const first = itstratInProcess(['score', '--format', 'json']);
    await expect(itstratInProcess(['validate'], { env: { ITSTRAT_CACHE: '0' } })).rejects.toThrow(/in flight/);
    expect((await first).status).toBe(0);
  });
});
