import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, root } from './helpers/cli.js';

// The build runs the bundle once and keeps V8's code cache beside it (scripts/build.mjs), so a
// fresh clone's first run does not compile from source. Its speed is measured in bench/, never
// here; these tests hold its key and that a bad one can only cost time.
const key = (dist: string): string =>
  createHash('sha1')
    .update(readFileSync(join(dist, 'itstrat.cjs.sha1'), 'utf8'))
    .update(process.version)
    .update(process.arch)
    .digest('hex')
    .slice(0, 16);

/** bin/ and dist/ copied, so a test may spoil the copy's cache without touching the real one. */
function copyOfBuild(): string {
  const copy = mkdtempSync(join(tmpdir(), 'itstrat-build-'));
  cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  return copy;
}

const score = (bin: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, 'score', '--dir', bundled, '--format', 'json'], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), ...env },
  });

describe('the code cache the build keeps beside the bundle', () => {
  it('is there for this Node.js, keyed as bin/itstrat.js looks it up', () => {
    const caches = readdirSync(join(root, 'dist')).filter((f) => /^v8-[0-9a-f]{16}\.bin$/.test(f));
    expect(caches).toEqual([`v8-${key(join(root, 'dist'))}.bin`]);
  });

  it('a spoilt or truncated one only costs time: the output is the same, and ITSTRAT_CACHE=0 writes no cache of the user', () => {
    const expected = score(join(root, 'bin/itstrat.js'), { ITSTRAT_CACHE: '0' });
    expect(expected.status).toBe(0);
    for (const spoil of [(_: Buffer) => Buffer.from('not a code cache'), (b: Buffer) => b.subarray(0, b.length >> 1)]) {
      const copy = copyOfBuild();
      const file = join(copy, 'dist', `v8-${key(join(copy, 'dist'))}.bin`);
      writeFileSync(file, spoil(readFileSync(file)));
      const home = mkdtempSync(join(tmpdir(), 'itstrat-home-'));
      const r = score(join(copy, 'bin/itstrat.js'), { ITSTRAT_CACHE: '0', HOME: home, XDG_CACHE_HOME: join(home, 'cache') });
      expect(r.stdout).toBe(expected.stdout);
      expect(r.status).toBe(0);
      expect(readdirSync(home)).toEqual([]);
    }
  });
});
