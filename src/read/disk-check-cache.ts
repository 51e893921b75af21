import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CheckCache, CheckResult } from '../model/assemble-strategy.js';
import { checkSchema } from '../model/check-schema.js';
import type { Finding } from '../model/finding.js';
import { reparsedOnDemand } from '../model/parse-yaml.js';
import { loadSchema, schemaNames } from '../schema/schemas.js';
import { atomicWrite } from '../write/update-yaml-file.js';

interface Entry {
  data: unknown;
  /** Findings without their file (it is the file the entry is used for). */
  findings: Omit<Finding, 'file'>[];
  valid: boolean;
}

interface CacheFile {
  version: string;
  entries: Record<string, Entry>;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isPosition = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 1;
/** A range as parse-yaml makes it: four positions, the end never before the start. */
const isRange = (line: unknown, col: unknown, endLine: unknown, endCol: unknown): boolean =>
  [line, col, endLine, endCol].every(isPosition) &&
  ((endLine as number) > (line as number) || (endLine === line && (endCol as number) >= (col as number)));

function isFinding(x: unknown): x is Omit<Finding, 'file'> {
  return (
    isObject(x) &&
    isRange(x['line'], x['col'], x['endLine'], x['endCol']) &&
    typeof x['path'] === 'string' &&
    typeof x['rule'] === 'string' &&
    typeof x['message'] === 'string' &&
    (x['severity'] === 'error' || x['severity'] === 'warning')
  );
}

/**
 * The cache file is outside our control (truncated, edited, written by another version): an
 * entry is used only when it has exactly the shape we write, and a valid entry's data is the
 * mapping every strategy file holds. Anything else is treated as missing, and recomputed.
 */
export function isEntry(x: unknown): x is Entry {
  if (!isObject(x) || typeof x['valid'] !== 'boolean' || !Array.isArray(x['findings']) || !x['findings'].every(isFinding)) return false;
  // A parse is valid exactly when it found nothing (see check() in assemble-strategy.ts).
  if (x['valid'] !== (x['findings'].length === 0)) return false;
  return x['valid'] ? isObject(x['data']) : true;
}

/** Set by scripts/build.mjs to a hash of the tool's sources: any change of code drops the cache. */
declare const __ITSTRAT_BUILD__: string | undefined;
const build = typeof __ITSTRAT_BUILD__ === 'string' ? __ITSTRAT_BUILD__ : undefined;

/**
 * The shape of an entry. The build id changes with any source change anyway; this says so on
 * purpose, for builds that share an id: 2 = findings and positions carry ranges (endLine, endCol);
 * 3 = no positions: a finding computed later parses its file again (see reparsedOnDemand), which
 * keeps the cache a third of the size and its reading off the path of every run.
 */
const ENTRY_FORMAT = 3;

/** Anything that changes what a parse or a schema check yields must change this. */
function cacheVersion(buildId: string): string {
  const schemas = JSON.stringify(schemaNames.map((n) => loadSchema(n)));
  return createHash('sha1').update(`${ENTRY_FORMAT}\0${buildId}\0${schemas}`).digest('hex');
}

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['ITSTRAT_CACHE'] === '0') return undefined;
  if (env['ITSTRAT_CACHE_DIR']) return env['ITSTRAT_CACHE_DIR'];
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'itstrat');
}

export interface DiskCheckCache extends CheckCache {
  /** Writes the entries used in this run (and only those) when anything new was computed. */
  save(): void;
}

/**
 * Parse and schema results of a strategy folder's files by content hash, kept between runs, so
 * a run parses only what changed. Invalidated exactly: the key is the content, the file name and
 * the schema; the whole cache is dropped when the tool version or a schema changes. A cache that
 * cannot be read or written is simply not used.
 */
export function diskCheckCache(strategyDir: string, folder = cacheFolder(), buildId = build): DiskCheckCache | undefined {
  // Unbuilt sources (tests importing src/) have no build id to key on: no cache rather than a stale one.
  if (folder === undefined || buildId === undefined) return undefined;
  const version = cacheVersion(buildId);
  let absolute: string;
  try {
    absolute = resolve(strategyDir);
  } catch {
    // A relative folder while the current folder is gone has no name to key on.
    return undefined;
  }
  const file = join(folder, `${createHash('sha1').update(absolute).digest('hex').slice(0, 16)}.json`);
  let stored: Record<string, Entry> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown as CacheFile | null;
    if (isObject(parsed) && parsed.version === version && isObject(parsed.entries)) stored = parsed.entries;
  } catch {
    // no cache yet, or an unreadable one: start empty
  }
  const used: Record<string, Entry> = {};
  let dirty = false;
  return {
    get(key, source, schema): CheckResult | undefined {
      const entry: unknown = Object.hasOwn(stored, key) ? stored[key] : undefined;
      if (!isEntry(entry)) return undefined;
      const findings = entry.findings.map((f) => ({ ...f, file: source.path }));
      const parsed = reparsedOnDemand(source, entry.data, findings);
      // Data the commands rely on must still fit its schema (precompiled validators: cheap), so a
      // tampered entry can never reach scoring as a measure without scores.
      if (entry.valid && checkSchema(parsed, schema).length > 0) return undefined;
      used[key] = entry;
      return { parsed, findings, valid: entry.valid };
    },
    set(key, result) {
      dirty = true;
      used[key] = {
        data: result.parsed.data,
        findings: result.findings.map(({ file: _file, ...rest }) => rest),
        valid: result.valid,
      };
    },
    save() {
      if (!dirty && Object.keys(used).length === Object.keys(stored).length) return;
      try {
        mkdirSync(folder, { recursive: true });
        atomicWrite(file, JSON.stringify({ version, entries: used } satisfies CacheFile));
      } catch {
        // a cache is an optimisation: never fail a command because it cannot be written
      }
    },
  };
}
