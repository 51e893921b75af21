import { CliError } from '../errors.js';
import { suggest } from '../model/suggest.js';
import type { Leitplanke } from '../model/types.js';
import { wholeWithin } from '../model/whole-text.js';
import { terminalText } from '../render/escape.js';

/** Case, spacing, punctuation and umlaut spellings do not count, as for --field (field-option.ts). */
const fold = (text: string): string =>
  text
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
/** The other way to type an umlaut without the key: "Qualitat" for "Qualität". */
const bare = (text: string): string =>
  text
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');

const describe = (l: Leitplanke, i: number): string => `${i + 1} ${l.id}${l.short !== undefined ? ` (${terminalText(l.short)})` : ''}`;

/**
 * The Leitplanke a user means: its id, its number (position in leitplanken.yaml, from 1), or its
 * short label, criterion or title (any case, umlauts written or transcribed). An exact id wins.
 */
export function resolveLeitplanke(option: string, value: string, leitplanken: readonly Leitplanke[]): Leitplanke {
  const exact = leitplanken.find((l) => l.id === value);
  if (exact !== undefined) return exact;
  const trimmed = value.trim();
  if (/^\d{1,3}$/.test(trimmed)) {
    const byNumber = leitplanken[Number(trimmed) - 1];
    if (byNumber !== undefined) return byNumber;
  }
  const key = fold(value);
  const typed = [key, bare(value)].filter((n) => n !== '');
  const names = (l: Leitplanke): string[] =>
    [l.id, l.short ?? '', l.criterion, l.title].flatMap((n) => [fold(n), bare(n)]).filter((n) => n !== '');
  const matches = leitplanken.filter((l) => typed.some((t) => names(l).includes(t)));
  if (matches.length === 1) return matches[0]!;
  const valid = leitplanken.map(describe).join(', ');
  if (matches.length > 1)
    throw new CliError(
      `${option}: "${terminalText(value)}" names more than one Leitplanke (${matches.map((l) => l.id).join(', ')}); give its id`,
    );
  const candidates = leitplanken.flatMap((l) => [l.id, l.short ?? ''].filter((n) => n !== '').map((n) => ({ l, key: fold(n) })));
  const hit = suggest(
    key,
    candidates.map((c) => c.key),
  );
  const meant = hit === undefined ? undefined : candidates.find((c) => c.key === hit)?.l;
  throw new CliError(
    `${option}: unknown Leitplanke ${terminalText(value)}${meant === undefined ? '' : ` — did you mean ${meant.id}?`} (valid numbers, ids and labels: ${valid})`,
  );
}

/**
 * Parser of a comma-list option given more than once (`--fix a=1 --fix b=2`): the lists are
 * joined, so no value the user typed is silently dropped by last-one-wins; a Leitplanke named in
 * two of them is then refused as given twice.
 */
export function joinRepeated(value: string, previous?: unknown): string {
  return typeof previous === 'string' ? `${previous},${value}` : value;
}

/**
 * A part that is only digits after a part with a value: a decimal comma (`security=1,5`), not a
 * Leitplanke of its own. Named as such, since "cannot read "5"" does not tell what went wrong.
 */
export function decimalComma(option: string, parts: readonly string[], i: number, example: string): CliError | undefined {
  const part = parts[i]!;
  const before = parts[i - 1];
  if (before === undefined || !/^\s*\d+\s*$/.test(part) || !/=\s*[\d.]*\d\s*$/.test(before)) return undefined;
  return new CliError(
    `${option}: "${terminalText(`${before.trim()},${part.trim()}`)}" has a decimal comma; weights are whole numbers and a comma separates Leitplanken, e.g. ${option} ${example}`,
  );
}

/**
 * `id=v,id=v` (or `id=a..b` with ranges): per Leitplanke a value, each at most once. `read` turns
 * the text after `=` into the value or throws with what was expected.
 */
export function perLeitplanke<T>(
  option: string,
  spec: string,
  leitplanken: readonly Leitplanke[],
  read: (text: string, id: string) => T,
  example: string,
): Map<string, T> {
  const result = new Map<string, T>();
  const parts = spec.split(',');
  for (const [i, part] of parts.entries()) {
    const match = /^\s*([^=]*?)\s*=\s*(\S*)\s*$/.exec(part);
    if (match === null || match[1] === '' || match[2] === '')
      throw (
        decimalComma(option, parts, i, example) ??
        new CliError(`${option}: cannot read "${terminalText(part)}"; expected Leitplanke=value, e.g. ${option} ${example}`)
      );
    const l = resolveLeitplanke(option, match[1]!, leitplanken);
    if (result.has(l.id)) throw new CliError(`${option}: ${l.id} is given twice; expected each Leitplanke at most once`);
    result.set(l.id, read(match[2]!, l.id));
  }
  return result;
}

/** A whole weight from 0 to max, compared as digits. */
export function weightText(option: string, text: string, id: string, max: number): number {
  const n = /^(0|[1-9]\d*)$/.test(text) ? wholeWithin(text, 0, max) : undefined;
  if (n === undefined) throw new CliError(`${option}: ${id}=${terminalText(text)} is not a whole number from 0 to ${max}`);
  return n;
}
