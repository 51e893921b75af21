import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { packageRoot } from './package-root.js';

export function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The text of a file, or undefined when there is none to read. */
export function readTextIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function isMissingOrEmptyFolder(path: string): boolean {
  return !existsSync(path) || readdirSync(path).length === 0;
}

/** The reference strategy's leitplanken.yaml, shipped with the tool: the template for `init`. */
export function readReferenceLeitplanken(): string {
  return readFile(join(packageRoot(), 'strategy', 'leitplanken.yaml')).toString('utf8');
}
