import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { root } from './cli.js';

const golden = (name: string) => join(root, 'tests', 'golden', name);

/**
 * Compares with a committed golden file; UPDATE_GOLDEN=1 rewrites it (review the diff!). A missing
 * golden fails: written silently, it would make the test pass on whatever the code prints.
 */
export function expectGolden(name: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden(name), actual);
  if (!existsSync(golden(name))) expect.fail(`golden file tests/golden/${name} is missing; create it with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(golden(name), 'utf8'));
}
