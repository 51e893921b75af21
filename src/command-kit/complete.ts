// Shell completion from the registry: what may follow the words typed so far. The shell scripts
// (src/commands/completion.ts) only hand the words over and show the answer, so a new command,
// option, format or choice is completed without touching them, and ids come from the strategy
// found at the moment of completion.
import { langs } from '../i18n/messages.js';
import type { AnyCommand, ArgumentSpec, CompletionValues } from './command.js';
import { shellWordValue } from './shell-word.js';

/** Values that only the strategy knows, read when they are asked for. */
export type DynamicValues = Exclude<CompletionValues, 'files' | readonly string[]>;

interface FlagSpec {
  flags: string;
  choices?: readonly string[];
  complete?: CompletionValues;
}

/** The program's own options as src/cli.ts defines them (tests/whatif.test.ts keeps both equal). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { flags: '-V, --version' },
  { flags: '-d, --dir <dir>', complete: 'files' },
  { flags: '--lang <lang>', choices: langs },
  { flags: '--verbose' },
  { flags: '-h, --help' },
];

export interface CompletionSource {
  commands: readonly AnyCommand[];
  /** Reads ids from the strategy in `dir` (the typed --dir, else undefined for the default). */
  values: (kind: DynamicValues, dir: string | undefined) => readonly string[];
  /** The home folder a typed `~` stands for. */
  home?: string;
}

/**
 * A value from the strategy is offered only if it is a plain word: completion puts it on the
 * command line as typed text, and bash inserts it unquoted, so `$(…)`, `;`, quotes, spaces or a
 * leading dash in an id must never get there. The schemas allow no other ids anyway.
 */
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

interface Flag {
  names: string[];
  takesValue: boolean;
  choices?: readonly string[];
  complete?: CompletionValues;
}

function flag(flags: string, extra: Omit<Flag, 'names' | 'takesValue'> = {}): Flag {
  return {
    names: [...flags.matchAll(/(?:^|[ ,])(--?[\w-]+)/g)].map((m) => m[1]!),
    takesValue: /[<[]/.test(flags),
    ...extra,
  };
}

const fromSpec = (o: FlagSpec): Flag =>
  flag(o.flags, { ...(o.choices ? { choices: o.choices } : {}), ...(o.complete ? { complete: o.complete } : {}) });

function flagsOf(command: AnyCommand): Flag[] {
  const { spec } = command;
  return [
    ...(spec.formats.length > 1 ? [flag('-f, --format <format>', { choices: spec.formats })] : []),
    ...(spec.out === true ? [flag('-o, --out <file>', { complete: 'files' })] : []),
    ...(spec.options ?? []).filter((o) => o.hidden !== true).map(fromSpec),
    ...(command.kind === 'write' ? [flag('--dry-run')] : []),
  ];
}

/** Split the way bash splits at `=` (`--format`, `=`, `js`) or one word (`--format=js`, zsh, fish). */
function joinEquals(words: readonly string[]): { words: string[]; split: boolean } {
  const out: string[] = [];
  let split = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '=' && out.length > 0 && out.at(-1)!.startsWith('-')) {
      out[out.length - 1] = `${out.at(-1)}=${words[i + 1] ?? ''}`;
      split = i + 1 >= words.length - 1;
      i++;
    } else out.push(w);
  }
  return { words: out, split };
}

/**
 * Candidates for the last word, given every word after the program name (the last one is the
 * word being completed, "" for a new one). Empty means "nothing known": the shell offers files.
 */
export function complete(typed: readonly string[], source: CompletionSource): string[] {
  const { words, split } = joinEquals(typed.length === 0 ? [''] : typed);
  const current = words.at(-1)!;
  const before = words.slice(0, -1);
  const globals = GLOBAL_FLAGS.map(fromSpec);

  // Walk the words: the command path, options and their values, positional arguments.
  let path: string[] = [];
  let command: AnyCommand | undefined;
  let dir: string | undefined;
  let positional = 0;
  let afterDashes = false;
  const used = new Set<string>();
  const known = (): Flag[] => [...(command ? flagsOf(command) : []), ...globals];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (afterDashes) {
      positional++;
      continue;
    }
    if (w === '--') {
      afterDashes = true;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      const [name, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      const f = known().find((k) => k.names.includes(name));
      if (f !== undefined) f.names.forEach((n) => used.add(n));
      let value = inline;
      if (f?.takesValue === true && inline === undefined) value = before[++i];
      // The folder the shell will pass when the line runs: the typed word is read as the shell reads it.
      if (f?.names.includes('--dir') === true && value !== undefined)
        dir = shellWordValue(value, { tilde: inline === undefined, home: source.home });
      continue;
    }
    const next = [...path, w];
    const deeper = source.commands.find((c) => c.spec.path.length >= next.length && next.every((p, j) => c.spec.path[j] === p));
    if (positional === 0 && deeper !== undefined) {
      path = next;
      command = source.commands.find((c) => c.spec.path.length === path.length && c.spec.path.every((p, j) => path[j] === p));
      continue;
    }
    positional++;
  }

  const offer = (values: readonly string[], prefix = ''): string[] =>
    values.filter((v) => `${prefix}${v}`.startsWith(current)).map((v) => (split ? v : `${prefix}${v}`));
  const valuesOf = (f: { choices?: readonly string[]; complete?: CompletionValues }): string[] => {
    if (f.choices !== undefined) return [...f.choices];
    if (f.complete === undefined || f.complete === 'files') return [];
    if (typeof f.complete !== 'string') return [...f.complete];
    const kind = f.complete;
    try {
      return source.values(kind, dir).filter((v) => PLAIN.test(v));
    } catch {
      // A strategy that cannot be read has no ids to offer; completion must never print an error.
      return [];
    }
  };

  // The value of an option: after `--format ` or inside `--format=`.
  const previous = before.at(-1);
  const pending = previous !== undefined && !afterDashes ? known().find((k) => k.names.includes(previous) && k.takesValue) : undefined;
  if (pending !== undefined) return offer(valuesOf(pending));
  if (!afterDashes && current.startsWith('-') && current.includes('=')) {
    const name = current.slice(0, current.indexOf('='));
    const f = known().find((k) => k.names.includes(name) && k.takesValue);
    return f === undefined ? [] : offer(valuesOf(f), `${name}=`);
  }
  if (!afterDashes && current.startsWith('-'))
    return offer(
      known().flatMap((k) => (k.names.some((n) => used.has(n)) ? [] : k.names.filter((n) => n.startsWith('--') || current === '-'))),
    );

  // A word: the next word of a command path, else the command's positional argument.
  const children = [
    ...new Set(
      source.commands
        .filter((c) => c.spec.path.length > path.length && path.every((p, j) => c.spec.path[j] === p))
        .map((c) => c.spec.path[path.length]!),
    ),
  ];
  const args: readonly ArgumentSpec[] = command?.spec.arguments ?? [];
  const arg = args[Math.min(positional, args.length - 1)];
  const variadic = arg?.name.includes('...') === true;
  const argValues = arg !== undefined && (positional < args.length || variadic) ? valuesOf(arg) : [];
  if (positional === 0 && children.length > 0) return offer([...children, ...argValues]);
  return offer(argValues);
}
