/**
 * The one form of a placeholder: a line of text that starts with `TODO:` (after any indentation).
 * `itstrat init` writes one wherever the new administration must write its own text, and
 * `validate` warns about every one left in place. One fixed, upper-case marker that editors and
 * `grep TODO:` already highlight; a longer text that merely mentions "todo" is no placeholder.
 */
export const PLACEHOLDER_MARK = 'TODO:';

const placeholderLine = /^[ \t]*TODO:/m;

/** A text for the template: the mark, then what to write there. */
export function placeholder(what: string): string {
  return `${PLACEHOLDER_MARK} ${what}`;
}

/** Whether a text still holds a placeholder: any of its lines starts with the mark. */
export function isPlaceholder(text: string): boolean {
  // Most texts have no mark at all: the plain search spares the pattern for them (10,000 measures).
  return text.includes(PLACEHOLDER_MARK) && placeholderLine.test(text);
}

/** Every text in plain data that still holds a placeholder, with its path. */
export function placeholderPaths(data: unknown): (string | number)[][] {
  const found: (string | number)[][] = [];
  // One path, extended and shortened in place: copied only for a placeholder (10,000 measures walk this).
  const path: (string | number)[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (isPlaceholder(value)) found.push([...path]);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      // Plain data from YAML: own keys only, no prototype to walk into.
      for (const key of Object.keys(value)) {
        path.push(key);
        walk((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(data);
  return found;
}
