import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed itstrat package: found upwards from this code, in the repository and in the bundle alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'itstrat') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the itstrat package folder');
    dir = parent;
  }
}
