import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

describe('fmt FILE of another strategy folder, run twice in one process', () => {
  it('reads the folder afresh in every run: a file changed between runs is formatted, not "changed by someone else"', async () => {
    const dir = copyStrategy();
    const name = readdirSync(join(dir, 'measures')).sort()[0]!;
    const file = join(dir, 'measures', name);
    const first = await itstratInProcess(['fmt', file]);
    expect(first.status, first.stderr).toBe(0);
    // Between the runs someone edits the file into a form fmt rewrites (blank lines between keys).
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\ntitle:/, '\n\n\ntitle:'));
    const second = await itstratInProcess(['fmt', file]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/changed/i);
    expect(readFileSync(file, 'utf8')).not.toMatch(/\n\n\ntitle:/);
  });
});
