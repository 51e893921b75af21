import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScalar } from 'yaml';
import { updateYamlFile, type YamlEdit } from '../src/write/update-yaml-file.js';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'itstrat-write-'));
  const path = join(dir, 'leitplanken.yaml');
  writeFileSync(path, text);
  return path;
}

const setThreshold = (value: number): YamlEdit => ({
  edit: (doc) => {
    const node = doc.get('threshold', true);
    if (isScalar(node)) node.value = value;
  },
  expected: (before) => ({ ...(before as object), threshold: value }),
});

describe('updateYamlFile', () => {
  it('changes only the value and keeps comments, BOM and CRLF', () => {
    const path = file('\uFEFF# head\r\nthreshold: 9 # trailing\r\nother: [a, b] # keep\r\n');
    updateYamlFile(path, setThreshold(19));
    expect(readFileSync(path, 'utf8')).toBe('\uFEFF# head\r\nthreshold: 19 # trailing\r\nother: [a, b] # keep\r\n');
    expect(readdirSync(join(path, '..'))).toEqual(['leitplanken.yaml']);
  });

  it('refuses an edit that would lose a comment, leaving the file as it was', () => {
    const text = '# head\nthreshold: 9 # trailing\n';
    const path = file(text);
    const dropping: YamlEdit = {
      edit: (doc) => doc.set('threshold', doc.createNode(19)),
      expected: (b) => ({ ...(b as object), threshold: 19 }),
    };
    expect(() => updateYamlFile(path, dropping)).toThrow(/would lose the comment "trailing"/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses an edit whose result is not the intended data', () => {
    const text = 'threshold: 9\n';
    const path = file(text);
    expect(() => updateYamlFile(path, { ...setThreshold(19), expected: (b) => ({ ...(b as object), threshold: 20 }) })).toThrow(
      /would not hold exactly the intended data/,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('leaves the file untouched when the write fails', () => {
    const text = 'threshold: 9\n';
    const path = file(text);
    expect(() =>
      updateYamlFile(path, setThreshold(19), () => {
        throw new Error('ENOSPC: no space left on device');
      }),
    ).toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(path, '..'))).toEqual(['leitplanken.yaml']);
  });

  it('does not overwrite a file someone else changed meanwhile', () => {
    const path = file('threshold: 9\n');
    const racing: YamlEdit = {
      ...setThreshold(19),
      edit: (doc) => {
        writeFileSync(path, 'threshold: 7\n');
        setThreshold(19).edit(doc);
      },
    };
    expect(() => updateYamlFile(path, racing)).toThrow(/was changed by someone else/);
    expect(readFileSync(path, 'utf8')).toBe('threshold: 7\n');
  });

  it('rewrites the bundled leitplanken.yaml unchanged when nothing changes', () => {
    const original = readFileSync(join(import.meta.dirname, '../strategy/leitplanken.yaml'), 'utf8');
    const path = file(original);
    updateYamlFile(path, { edit: () => undefined, expected: (b) => b });
    expect(readFileSync(path, 'utf8')).toBe(original);
  });
});
