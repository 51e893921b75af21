// Which options belong to whom in commander's tree: the program's own are global, a group's
// (`metrics --format`) are its own and not its subcommands' (`metrics record`).
import type { Command, Option } from 'commander';
import { CliError } from '../errors.js';

const rootOf = (cmd: Command): Command => (cmd.parent === null ? cmd : rootOf(cmd.parent));
const words = (cmd: Command): string => (cmd.parent === null ? cmd.name() : `${words(cmd.parent)} ${cmd.name()}`);

/**
 * The "Global Options" of a command's help: the program's own options only. Commander would list
 * every ancestor's, so `metrics record --help` showed `metrics`' --format as global.
 */
export function programOptions(cmd: Command): Option[] {
  return cmd.parent === null ? [] : rootOf(cmd).options.filter((o) => !o.hidden);
}

/**
 * A group's own option typed for one of its subcommands (`metrics record --format json`) would be
 * taken by the group and silently ignored; say whose option it is instead (exit 2).
 */
export function refuseGroupOptions(cmd: Command): void {
  for (let group = cmd.parent; group?.parent != null; group = group.parent)
    for (const o of group.options)
      if (group.getOptionValueSource(o.attributeName()) === 'cli')
        throw new CliError(`${o.long ?? o.flags} is an option of ${words(group)}, not of ${words(cmd)}`);
}
