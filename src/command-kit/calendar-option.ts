import { CliError } from '../errors.js';
import { calendarForms, calendarProblem, type CalendarKind } from '../model/calendar-date.js';
import { terminalText } from '../render/escape.js';

/** A date or period option (`--today`, `--date`, `--period`) must be a real calendar value; exit 2 otherwise. */
export function calendarOption(option: string, text: string, kind: CalendarKind): string {
  const problem = calendarProblem(text, kind);
  if (problem === undefined) return text;
  const why = problem.form ? `: ${problem.reason}` : '';
  throw new CliError(`${option}: expected ${calendarForms[kind]}, a real calendar ${kind} (found "${terminalText(text)}"${why})`);
}
