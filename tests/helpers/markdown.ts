import MarkdownIt from 'markdown-it';

/** Parses Markdown as GFM does and returns, per table, the number of cells in each row. */
export function tableShapes(markdown: string): number[][] {
  const tokens = new MarkdownIt().parse(markdown, {});
  const tables: number[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'table_open') continue;
    const widths: number[] = [];
    let cells = 0;
    for (let j = i + 1; tokens[j]!.type !== 'table_close'; j++) {
      if (tokens[j]!.type === 'tr_open') cells = 0;
      if (tokens[j]!.type === 'th_open' || tokens[j]!.type === 'td_open') cells++;
      if (tokens[j]!.type === 'tr_close') widths.push(cells);
    }
    tables.push(widths);
  }
  return tables;
}

export function renderMarkdown(markdown: string): string {
  return new MarkdownIt().render(markdown);
}

/** The level of every heading, in document order, as a GFM parser reads the Markdown. */
export function headingLevels(markdown: string): number[] {
  return new MarkdownIt()
    .parse(markdown, {})
    .filter((t) => t.type === 'heading_open')
    .map((t) => Number(t.tag.slice(1)));
}

/**
 * GitHub's heading anchors, computed independently of the code under test from what a reader
 * sees: the heading's rendered text, lower-cased, punctuation and symbols dropped (letters,
 * marks, digits, `-`, `_`, spaces kept), spaces as `-`, repeats numbered `-1`, `-2` (github-slugger).
 */
export function githubAnchors(markdown: string): string[] {
  // GFM renders inline HTML (the `<br>` of a line break): markup, not text of the heading.
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const taken = new Map<string, number>();
  const anchors: string[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const inline = tokens[i + 1]!;
    const text = (inline.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    let slug = base;
    while (taken.has(slug)) {
      taken.set(base, taken.get(base)! + 1);
      slug = `${base}-${taken.get(base)}`;
    }
    taken.set(slug, 0);
    anchors.push(slug);
  });
  return anchors;
}

/** Every `#fragment` link target in the rendered Markdown, decoded. */
export function fragmentLinks(markdown: string): string[] {
  return [...renderMarkdown(markdown).matchAll(/href="#([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!));
}
