/**
 * Records of RFC 4180 CSV text (CRLF line ends, `"` quoting with `""` inside), with the separator
 * of plain CSV (`,`) or of German Excel (`;`). Throws on an unterminated last record, so a test
 * notices output that a spreadsheet would misread.
 */
export function csvRecords(text: string, separator: ',' | ';' = ','): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error(`CSV ends inside a record: ${JSON.stringify(text.slice(-80))}`);
  return records;
}
