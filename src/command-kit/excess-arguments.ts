// Commander refuses more arguments than a command takes; itstrat checks them itself, so that a
// folder among them (`itstrat score strategy`) is answered with the --dir the user meant.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { findStrategy } from '../read/find-strategy.js';

/**
 * More arguments than the command takes: as commander would refuse them (exit 2), except that a
 * folder among them (`itstrat score strategy`) is answered with the --dir the user meant.
 */
export function refuseExcessArguments(cmd: Command, declared: readonly { name: string }[]): void {
  if (declared.some((a) => a.name.endsWith('...]') || a.name.endsWith('...>'))) return;
  const excess = cmd.args.slice(declared.length);
  if (excess.length === 0) return;
  const name = [cmd.parent?.parent !== null && cmd.parent !== null ? cmd.parent.name() : '', cmd.name()]
    .filter((w) => w !== '' && w !== 'itstrat')
    .join(' ');
  const folder = excess.find((a) => isFolder(a));
  if (folder !== undefined) {
    // `strategy/measures` means the strategy above it: suggest the folder the search finds from there.
    const search = findStrategy(resolve(folder));
    const rest = cmd.args.filter((a) => a !== folder).map(shellWord);
    const lead = `${name} takes ${declared.length === 0 ? 'no' : 'no further'} folder argument`;
    if (!search.found)
      throw new CliError(`${lead}; the strategy folder is named with --dir, but neither ${folder} nor a folder above it holds a strategy`);
    const dir = isAbsolute(folder) ? search.absolute : relative(process.cwd(), search.absolute) || '.';
    throw new CliError(
      `${lead}; to use the strategy in ${dir}, name it with --dir: itstrat ${[name, ...rest, '--dir', shellWord(dir)].join(' ')}`,
    );
  }
  const expected = `${declared.length} argument${declared.length === 1 ? '' : 's'}`;
  cmd.error(`error: too many arguments for '${name}'. Expected ${expected} but got ${cmd.args.length}.`, {
    code: 'commander.excessArguments',
    exitCode: ExitCode.Usage,
  });
}

/** A word as a POSIX shell needs it, for a command line the user can copy. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
