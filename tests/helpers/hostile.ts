/** Text that tries to break out of every medium: table cells, HTML, terminals, Markdown links. */
export const hostile =
  'Pipe | and\nnewline <img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007 *bold* [x](javascript:alert(1))';
