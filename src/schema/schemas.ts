import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// JSON is loaded through require: Node 20 still flags JSON import attributes as experimental.
const require = createRequire(import.meta.url);

export type SchemaName = 'strategy' | 'leitplanken' | 'metrics' | 'measure';

export const schemaNames: readonly SchemaName[] = ['strategy', 'leitplanken', 'metrics', 'measure'];

// The JSON files stay in src/schema/ (editors reference them from there); this path resolves
// to them both from src/schema/*.ts (tests) and from the compiled dist/schema/*.js.
const location = (name: SchemaName): URL => new URL(`../../src/schema/${name}.schema.json`, import.meta.url);

/** The tool's own schemas; never loaded from the analysed repository. */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return require(fileURLToPath(location(name))) as Record<string, unknown>;
}

export function schemaFile(name: SchemaName): string {
  return fileURLToPath(location(name));
}
