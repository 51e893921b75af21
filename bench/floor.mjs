// The floor of validating a strategy folder: read every file, yaml parseDocument, one compiled
// ajv validator per file kind. Nothing else — what itstrat validate cannot do less than.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';

const dir = process.argv[2];
const schema = (name) => JSON.parse(readFileSync(new URL(`../src/schema/${name}.schema.json`, import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strictRequired: false, allowUnionTypes: true });
const validators = Object.fromEntries(['strategy', 'leitplanken', 'metrics', 'measure'].map((n) => [n, ajv.compile(schema(n))]));
let invalid = 0;
const check = (file, kind) => {
  const data = parseDocument(readFileSync(file, 'utf8')).toJS();
  if (!validators[kind](data)) invalid++;
};
for (const f of ['strategy', 'leitplanken', 'metrics']) check(join(dir, `${f}.yaml`), f);
for (const f of readdirSync(join(dir, 'measures'))) check(join(dir, 'measures', f), 'measure');
process.stdout.write(`${invalid}\n`);
