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
