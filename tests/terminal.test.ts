import { describe, expect, it } from 'vitest';
import { run, type Io } from '../src/cli.js';
import { bundled } from './helpers/cli.js';

async function capture(args: string[], io: Partial<Io>): Promise<{ out: string; code: number }> {
  let out = '';
  const code = await run(['--dir', bundled, ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    env: {},
    isTTY: false,
    ...io,
  });
  return { out, code };
}

describe('terminal output', () => {
  it('is coloured on a TTY, plain with NO_COLOR or when piped', async () => {
    expect((await capture(['score', '--top', '3'], { isTTY: true, columns: 200 })).out).toContain('\u001b[');
    expect((await capture(['score', '--top', '3'], { isTTY: true, columns: 200, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
    expect((await capture(['score', '--top', '3'], { isTTY: false })).out).not.toContain('\u001b[');
  });

  it('makes disagreements stand out in red', async () => {
    const { out } = await capture(['score', '--weights', 'strategy=1'], { isTTY: true, columns: 200 });
    expect(out).toMatch(/\u001b\[31m\u001b\[1mnein ≠/);
  });
});
