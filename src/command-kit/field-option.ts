import { CliError } from '../errors.js';
import { suggest } from '../model/suggest.js';
import type { Handlungsfeld } from '../model/types.js';
import { terminalText } from '../render/escape.js';

/**
 * The spellings a person may type for one name: lower case, and the two usual
 * ways of writing an umlaut without the key (ä as "ae", or as plain "a"), so `uebergeordnete
 * themen`, `ubergeordnete themen` and `Übergeordnete Themen` all meet.
 */
const lower = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de-DE');
const transcribe = (text: string): string =>
  lower(text).replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue').replaceAll('ß', 'ss');

/**
 * Spacing and punctuation do not count either (README, --field): `Technik&Infrastruktur`,
 * `IT Organisation und Prozesse` and `UbergeordneteThemen` meet their names. Only letters and
 * digits are compared; a value of punctuation alone meets nothing.
 */
const compact = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '');

function spellings(text: string): string[] {
  const base = lower(text);
  const transcribed = transcribe(text);
  const stripped = base.replaceAll('ß', 'ss').normalize('NFD').replace(/\p{M}/gu, '');
  return [...new Set([base, transcribed, stripped].map(compact))].filter((s) => s !== '');
}

function meets(typed: readonly string[], candidate: string): boolean {
  const own = spellings(candidate);
  return typed.some((t) => own.includes(t));
}

const describe = (f: Handlungsfeld): string => `${f.number} ${f.id} (${terminalText(f.name)})`;

/**
 * The Handlungsfeld a user means by an option's value: its id, its number (`2`) or its name
 * (`Kundenschnittstelle`, any case, umlauts written or transcribed). An exact id wins, so an id
 * that looks like another field's number or name still selects itself.
 */
export function resolveField(option: string, value: string, fields: readonly Handlungsfeld[]): Handlungsfeld {
  const exact = fields.find((f) => f.id === value);
  if (exact !== undefined) return exact;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) {
    const byNumber = fields.find((f) => f.number === Number(trimmed));
    if (byNumber !== undefined) return byNumber;
  }
  const typed = spellings(value);
  const matches = fields.filter((f) => meets(typed, f.id) || meets(typed, f.name));
  if (matches.length === 1) return matches[0]!;
  const valid = fields.map(describe).join(', ');
  if (matches.length > 1)
    throw new CliError(
      `${option}: "${terminalText(value)}" matches more than one Handlungsfeld (${matches.map(describe).join(', ')}); give its id`,
    );
  // Suggest from the folded spellings so "kundenschnitstelle" finds the field named "Kundenschnittstelle";
  // failing that, a field whose id or name the typed text begins ("tech", "kunden").
  const candidates = fields.flatMap((f) => [f.id, f.name].map((text) => ({ f, key: transcribe(text) })));
  const key = transcribe(value);
  const hit = suggest(
    key,
    candidates.map((c) => c.key),
  );
  const starting = new Set(candidates.filter((c) => key.length >= 3 && c.key.startsWith(key)).map((c) => c.f));
  const meant = hit !== undefined ? candidates.find((c) => c.key === hit)?.f : starting.size === 1 ? [...starting][0] : undefined;
  throw new CliError(
    `${option}: unknown Handlungsfeld ${terminalText(value)}${meant === undefined ? '' : ` — did you mean ${meant.id}?`} (valid ids, numbers and names: ${valid})`,
  );
}
