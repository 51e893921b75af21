import { homedir } from 'node:os';
import type { AnyCommand, CommandResult, ReadingCommand } from '../command-kit/command.js';
import { complete, type DynamicValues } from '../command-kit/complete.js';
import { openWorkspace, type Workspace } from '../command-kit/workspace.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { guardFormatters, terminalText } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

export interface CompletionOptions {
  dir: string;
  shell?: string;
  words?: string[];
  complete?: boolean;
}

export interface CompletionResult extends CommandResult {
  text: string;
}

// The scripts hand the words typed so far to `itstrat completion --complete -- …` and show its
// answer, one candidate a line, as data: no eval, no word splitting or globbing of the answer.
// Nothing about commands, options or ids is written into them, so they never go stale.
const scripts: Record<Shell, string> = {
  bash: `# itstrat completion for bash. Install: eval "$(itstrat completion bash)" in ~/.bashrc
_itstrat_complete() {
  local line
  COMPREPLY=()
  while IFS= read -r line; do
    COMPREPLY+=("$line")
  done < <(command itstrat completion --complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -o default -F _itstrat_complete itstrat
`,
  zsh: `#compdef itstrat
# itstrat completion for zsh. Install: source <(itstrat completion zsh) in ~/.zshrc, after compinit
_itstrat() {
  local -a candidates
  candidates=("\${(@f)$(command itstrat completion --complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} )); then
    compadd -- "\${(@)candidates}"
  else
    _files
  fi
}
compdef _itstrat itstrat
`,
  fish: `# itstrat completion for fish. Install: itstrat completion fish > ~/.config/fish/completions/itstrat.fish
function __itstrat_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l out (command itstrat completion --complete -- $words (commandline -ct) 2>/dev/null)
    if test (count $out) -eq 0
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $out
    end
end
complete -c itstrat -f -a '(__itstrat_complete)'
`,
};

/** Ids of the strategy in `dir`, from whatever of it is valid: completion works on a broken strategy too. */
function strategyValues(kind: DynamicValues, dir: string): string[] {
  const workspace: Workspace = openWorkspace(dir, undefined, { stderr: () => undefined });
  const { partial } = workspace.check();
  if (kind === 'measures') return partial.measures.map((m) => m.id);
  if (kind === 'fields') return (partial.strategy?.handlungsfelder ?? []).map((f) => f.id);
  return (partial.metrics?.metrics ?? []).map((m) => m.id);
}

/** The command needs the registry it belongs to, which commands may not import: it is handed over. */
export function completionCommand(all: () => readonly AnyCommand[]) {
  return {
    kind: 'read',
    spec: {
      path: ['completion'],
      description: 'print a shell completion script: itstrat completion bash|zsh|fish',
      formats: messageFormats,
      arguments: [
        { key: 'shell', name: '[shell]', description: `the shell: ${shells.join(', ')}`, complete: shells },
        { key: 'words', name: '[words...]', description: 'with --complete: the words typed after itstrat, the last one being completed' },
      ],
      options: [{ flags: '--complete', description: 'print the candidates for the last of the words, one a line', hidden: true }],
      help: `
Completes commands, options, format names and other choices, Handlungsfeld ids (--field) and
measure ids (history) — the ids from the strategy found when TAB is pressed (--dir on the line,
else as every command finds it). Install:
  bash  eval "$(itstrat completion bash)"                  in ~/.bashrc
  zsh   source <(itstrat completion zsh)                   in ~/.zshrc, after compinit
  fish  itstrat completion fish > ~/.config/fish/completions/itstrat.fish`,
    },
    run(options: CompletionOptions, workspace: Workspace): CompletionResult {
      if (options.complete === true) {
        const words = [...(options.shell === undefined ? [] : [options.shell]), ...(options.words ?? [])];
        const candidates = complete(words, {
          commands: all(),
          values: (kind, dir) => strategyValues(kind, dir ?? workspace.dir),
          home: homedir(),
        });
        return { text: candidates.map((c) => `${c}\n`).join(''), language: 'en', exitCode: ExitCode.Ok };
      }
      const shell = options.shell;
      if (shell === undefined || !(shells as readonly string[]).includes(shell) || (options.words ?? []).length > 0)
        throw new CliError(
          `completion: expected one shell, ${shells.join(', ')} (found ${
            [shell, ...(options.words ?? [])]
              .filter((w) => w !== undefined)
              .map((w) => `"${terminalText(w!)}"`)
              .join(' ') || 'none'
          })`,
        );
      return { text: scripts[shell as Shell], language: 'en', exitCode: ExitCode.Ok };
    },
    formatters: guardFormatters(formatMedium, { text: (r: CompletionResult) => r.text }),
  } satisfies ReadingCommand<CompletionOptions, CompletionResult, MessageFormat>;
}
