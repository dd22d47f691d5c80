/** Names printed by the command line carry no raw control characters (issue 8, finding 4). */
import { describe, expect, it } from 'vitest';
import { printable } from '../../cli/format.js';
import { renderTable } from '../../cli/table.js';

describe('printable', () => {
  it('shows control, C1 and bidirectional characters as [U+XXXX], keeping line breaks, tabs and Chinese', () => {
    expect(printable('北京\u001b[31m宏远\u0007')).toBe('北京[U+001B][31m宏远[U+0007]');
    expect(printable('abc\u202egnp.exe')).toBe('abc[U+202E]gnp.exe');
    expect(printable('\u0085\u009b\u2066x\u2069\u200f')).toBe('[U+0085][U+009B][U+2066]x[U+2069][U+200F]');
    expect(printable('第一行\n第二行\t续')).toBe('第一行\n第二行\t续');
  });

  it('leaves a table of such names without a raw escape anywhere', () => {
    const table = printable(renderTable(['客户名称'], [['宏远\u001b]0;pwned\u0007'], ['正常客户']]));
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(table).toContain('宏远[U+001B]]0;pwned[U+0007]');
  });
});
