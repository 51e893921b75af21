import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/** The path an editor follows from a file in `fromDir` to the tool's JSON Schema for it. */
export function schemaReference(fromDir: string, schema: string): string {
  return relative(fromDir, join(packageRoot(), 'src', 'schema', `${schema}.schema.json`))
    .split('\\')
    .join('/');
}
