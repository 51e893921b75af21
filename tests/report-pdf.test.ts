// `report --format pdf`: the HTML report printed by the machine's own Chromium (CHROMIUM_PATH, set
// by tests/setup/global-setup.ts), read back with poppler-utils (pdfinfo, pdftotext, pdftohtml),
// which the same set-up provides.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundled, copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { inTerminal } from './helpers/pty.js';

const work = mkdtempSync(join(tmpdir(), 'itstrat-pdf-test-'));
const chromium = process.env['CHROMIUM_PATH']!;
/** A render takes seconds, more on a busy machine; the binary's own timeout is far above this. */
const slow = { timeout: 150_000, env: { CHROMIUM_PATH: chromium } };

const measureIds = readdirSync(join(bundled, 'measures'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => String((parse(readFileSync(join(bundled, 'measures', f), 'utf8')) as { id: string }).id));
const title = String((parse(readFileSync(join(bundled, 'strategy.yaml'), 'utf8')) as { title: string }).title);

const pdfinfo = (file: string, ...args: string[]): string => execFileSync('pdfinfo', [...args, file], { encoding: 'utf8' });
const info = (file: string, key: string): string =>
  pdfinfo(file)
    .match(new RegExp(`^${key}:\\s*(.*)$`, 'm'))?.[1]
    ?.trim() ?? '';
/** The PDF's text, with line breaks (a long title wraps) read as the spaces they stand for. */
const text = (file: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** The document outline (bookmarks) as poppler reads it. */
const outline = (file: string): string[] =>
  [
    ...execFileSync('pdftohtml', ['-xml', '-i', '-stdout', file], { encoding: 'utf8', maxBuffer: 64 << 20 }).matchAll(
      /<item page="\d+">([^<]*)<\/item>/g,
    ),
  ].map((m) => m[1]!);
/** A measure id as a whole number in the text: 1.1 is not found inside 1.10. */
const hasId = (haystack: string, id: string): boolean => new RegExp(`(?<![\\d.])${id.replace('.', '\\.')}(?![\\d])`).test(haystack);
/** The PDF without its own timestamps and file identifier: what must not differ between two renders. */
const withoutTimestamps = (pdf: Buffer): string =>
  pdf
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate)\s*\(D:[^)]*\)/g, '')
    .replace(/\/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]/g, '');

/** A stand-in for Chromium: a shell script, made executable. */
function fakeChromium(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A PATH that has node's folder only: no chromium, chromium-browser or google-chrome on it. */
function pathWithoutChromium(): string {
  const dir = join(work, 'bin-without-chromium');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const oneLine = (stderr: string): void => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\bat .*\.c?js:\d+/);
};

describe('itstrat report --format pdf', () => {
  const de = join(work, 'bericht.pdf');
  beforeAll(() => {
    const r = itstrat(['report', '--format', 'pdf', '--out', de], slow);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, slow.timeout);

  it('writes a PDF of sensible length with the title and every measure id in its text', () => {
    expect(readFileSync(de).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = Number(info(de, 'Pages'));
    expect(pages).toBeGreaterThan(3);
    expect(pages).toBeLessThan(60);
    expect(info(de, 'Page size')).toContain('(A4)');
    expect(info(de, 'Title')).toBe(title);
    const body = text(de);
    expect(body).toContain(title);
    expect(measureIds.length).toBeGreaterThan(50);
    for (const id of measureIds) expect(hasId(body, id), id).toBe(true);
    // The print CSS holds: German headings, numbered pages, no what-if controls.
    expect(body).toContain('Zusammenfassung');
    expect(body).toContain(` ${pages} / ${pages} `);
    expect(body).not.toContain('Zurücksetzen');
  });

  it('is tagged, with a document outline of the headings', () => {
    expect(info(de, 'Tagged')).toBe('yes');
    // The structure tree has real headings and tables, not only NonStruct.
    const struct = pdfinfo(de, '-struct');
    expect(struct).toMatch(/^\s*H1\b/m);
    expect(struct).toMatch(/^\s*Table\b/m);
    expect(readFileSync(de).toString('latin1')).toMatch(/\/Outlines \d+ 0 R/);
    // The document's language, for a screen reader's voice: the page's lang.
    expect(readFileSync(de).toString('latin1')).toContain('/Lang (de)');
    const items = outline(de);
    expect(items).toEqual(expect.arrayContaining(['Zusammenfassung', 'Inhalt', 'Leitplanken', 'Handlungsfelder', 'Anhang']));
    expect(items).toEqual(expect.arrayContaining(['1 eAdministration', '5 Übergeordnete Themen']));
  });

  it(
    'is the same file on every run, apart from its own timestamps',
    () => {
      const again = join(work, 'again.pdf');
      expect(itstrat(['report', '--format', 'pdf', '--out', again], slow).status).toBe(0);
      expect(withoutTimestamps(readFileSync(again))).toBe(withoutTimestamps(readFileSync(de)));
    },
    slow.timeout,
  );

  it(
    'speaks English with --lang en',
    () => {
      const en = join(work, 'report-en.pdf');
      const r = itstrat(['report', '--format', 'pdf', '--lang', 'en', '-o', en], slow);
      expect(r.status).toBe(0);
      const body = text(en);
      expect(body).toContain(title);
      expect(body).toContain('Summary');
      expect(body).not.toContain('Zusammenfassung');
      for (const id of measureIds) expect(hasId(body, id), id).toBe(true);
      expect(outline(en)).toEqual(expect.arrayContaining(['Summary', 'Contents', 'Appendix']));
      expect(info(en, 'Tagged')).toBe('yes');
      // The document's language is the labels' (the catalog's /Lang); the German strategy's own
      // text keeps its language on its structure elements (WCAG 3.1.2), as the HTML's lang="de" says.
      const raw = readFileSync(en).toString('latin1');
      expect(raw.match(/\/Type \/Catalog\b[^]*?\/Lang \((\w+)\)/)?.[1]).toBe('en');
      expect(raw).toMatch(/\/Type \/StructElem\b[^>]*?\/Lang \(de\)/);
    },
    slow.timeout,
  );

  it(
    'prints a title with markup and non-ASCII text as that text, in the text and the document title',
    () => {
      const dir = copyStrategy();
      const hostileTitle = `<script>alert(1)</script> Straße & „Zukunft“ <b>fett</b> — Ωmega`;
      editFile(join(dir, 'strategy.yaml'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(hostileTitle)}`));
      const out = join(work, 'hostile.pdf');
      const r = itstrat(['report', '--format', 'pdf', '--dir', dir, '--out', out], slow);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(text(out)).toContain(hostileTitle);
      expect(info(out, 'Title')).toBe(hostileTitle);
      expect(outline(out)[0]).toContain('Straße');
    },
    slow.timeout,
  );

  it('refuses to run without --out: one line, exit 2, nothing on stdout, before any work', () => {
    const r = itstrat(['report', '--format', 'pdf'], { env: { CHROMIUM_PATH: fakeChromium('never-run', `touch ${join(work, 'ran')}`) } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toContain('--out FILE');
    expect(existsSync(join(work, 'ran'))).toBe(false);
  });

  it('without Chromium: one line naming how to install it, exit 2, no file, never a download', () => {
    const out = join(work, 'none.pdf');
    const notExecutable = join(work, 'not-executable');
    writeFileSync(notExecutable, 'just text\n');
    const envs: Record<string, string>[] = [
      { CHROMIUM_PATH: notExecutable, PATH: pathWithoutChromium() },
      { CHROMIUM_PATH: work, PATH: pathWithoutChromium() },
      { CHROMIUM_PATH: join(work, 'does-not-exist'), PATH: process.env['PATH'] ?? '' },
      { CHROMIUM_PATH: '', PATH: pathWithoutChromium() },
      { PATH: pathWithoutChromium() },
    ];
    for (const env of envs) {
      const r = itstrat(['report', '--format', 'pdf', '--out', out], { env });
      expect(r.status, JSON.stringify(env)).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toContain('apt-get install chromium');
      expect(r.stderr).toContain('CHROMIUM_PATH');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('takes a bare name in CHROMIUM_PATH from PATH', () => {
    const dir = join(work, 'bare-name');
    mkdirSync(dir, { recursive: true });
    const marker = join(work, 'bare.ran');
    writeFileSync(join(dir, 'my-chrome'), `#!/bin/sh\n/usr/bin/touch ${marker}\nexit 7\n`);
    chmodSync(join(dir, 'my-chrome'), 0o755);
    const r = itstrat(['report', '--format', 'pdf', '--out', join(work, 'bare.pdf')], { env: { PATH: dir, CHROMIUM_PATH: 'my-chrome' } });
    expect(existsSync(marker)).toBe(true);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('exit code 7');
    const missing = itstrat(['report', '--format', 'pdf', '--out', join(work, 'bare.pdf')], {
      env: { PATH: dir, CHROMIUM_PATH: 'no-such-chrome' },
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('CHROMIUM_PATH=no-such-chrome is not an executable');
  });

  it('finds chromium-browser and google-chrome on PATH when there is no chromium', () => {
    const dir = join(work, 'other-names');
    mkdirSync(dir, { recursive: true });
    for (const name of ['chromium-browser', 'google-chrome']) {
      const marker = join(work, `${name}.ran`);
      const fake = join(dir, name);
      writeFileSync(fake, `#!/bin/sh\n/usr/bin/touch ${marker}\nexit 7\n`);
      chmodSync(fake, 0o755);
      const r = itstrat(['report', '--format', 'pdf', '--out', join(work, 'other.pdf')], { env: { PATH: dir } });
      expect(existsSync(marker), name).toBe(true);
      expect(r.status).toBe(2);
      rmSync(fake);
    }
  });

  it("keeps Chromium's messages to itself unless --verbose, and a failed render leaves the old file as it was", () => {
    const out = join(work, 'kept.pdf');
    writeFileSync(out, 'the previous report\n');
    const failing = fakeChromium(
      'failing',
      'echo "[1:2:ERROR:dbus/bus.cc(405)] Failed to connect to the bus" >&2\necho noise on stdout\nexit 3',
    );
    const quiet = itstrat(['report', '--format', 'pdf', '--out', out], { env: { CHROMIUM_PATH: failing } });
    expect(quiet.status).toBe(2);
    oneLine(quiet.stderr);
    expect(quiet.stderr).toContain('exit code 3');
    expect(quiet.stderr).not.toContain('dbus');
    expect(quiet.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('the previous report\n');
    const verbose = itstrat(['report', '--format', 'pdf', '--out', out, '--verbose'], { env: { CHROMIUM_PATH: failing } });
    expect(verbose.status).toBe(2);
    expect(verbose.stderr).toContain('Failed to connect to the bus');
    expect(verbose.stderr).toContain('noise on stdout');
    expect(verbose.stdout).toBe('');
    // A "browser" that exits 0 but writes something that is not a PDF is a failure too.
    const liar = fakeChromium(
      'liar',
      'for a in "$@"; do case "$a" in --print-to-pdf=*) echo "<html>" > "${a#--print-to-pdf=}";; esac; done',
    );
    const r = itstrat(['report', '--format', 'pdf', '--out', out], { env: { CHROMIUM_PATH: liar } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('without writing a PDF');
    expect(readFileSync(out, 'utf8')).toBe('the previous report\n');
  });

  it('does not wait for helper processes Chromium leaves behind: they are stopped when it ends', async () => {
    const pidFile = join(work, 'left-behind.pid');
    // Prints a valid "PDF" and exits 0, leaving a helper that holds its output open.
    const leaving = fakeChromium(
      'leaving',
      `for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4\\n%%%%EOF\\n' > "\${a#--print-to-pdf=}";; esac; done\nsleep 60 &\necho $! > ${pidFile}\nexit 0`,
    );
    const out = join(work, 'left.pdf');
    const started = Date.now();
    const r = itstrat(['report', '--format', 'pdf', '--out', out], { env: { CHROMIUM_PATH: leaving }, timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(out, 'latin1').startsWith('%PDF-')).toBe(true);
    const helper = Number(readFileSync(pidFile, 'utf8'));
    const alive = (): boolean => {
      try {
        process.kill(helper, 0);
        return true;
      } catch {
        return false;
      }
    };
    // Killed at once; reaping the orphan by init may take a moment.
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  });

  it('stops a Chromium that hangs after ITSTRAT_PDF_TIMEOUT seconds: a clear line, no file, no temporary folder left', () => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const hanging = fakeChromium('hanging', 'sleep 60 & wait');
    const out = join(work, 'hung.pdf');
    const r = itstrat(['report', '--format', 'pdf', '--out', out], {
      env: { CHROMIUM_PATH: hanging, ITSTRAT_PDF_TIMEOUT: '1', TMPDIR: tmp },
      timeout: 15_000,
    });
    expect(r.status).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain('did not finish the PDF within 1 s');
    expect(r.stderr).toContain('ITSTRAT_PDF_TIMEOUT');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('itstrat-pdf-'))).toEqual([]);
    for (const bad of ['0', 'soon', '-5', '1.5', '1e3']) {
      const b = itstrat(['report', '--format', 'pdf', '--out', out], { env: { CHROMIUM_PATH: hanging, ITSTRAT_PDF_TIMEOUT: bad } });
      expect(b.status, bad).toBe(2);
      oneLine(b.stderr);
      expect(b.stderr).toContain('ITSTRAT_PDF_TIMEOUT');
    }
  });

  it('gives Chromium the flags of a clean, offline, throwaway run and removes its profile afterwards', () => {
    const log = join(work, 'args.txt');
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const recorder = fakeChromium(
      'recorder',
      `printf '%s\\n' "$@" > ${log}\necho "$HOME" >> ${log}\nmkdir -p "$HOME/.config/chromium"\nexit 1`,
    );
    itstrat(['report', '--format', 'pdf', '--out', join(work, 'x.pdf')], { env: { CHROMIUM_PATH: recorder, TMPDIR: tmp } });
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    // Chromium's HOME is the throwaway folder too: nothing it writes there stays in the user's home.
    const home = lines.pop()!;
    expect(home.startsWith(tmp)).toBe(true);
    const args = lines;
    expect(args).toEqual(
      expect.arrayContaining([
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-pdf-header-footer',
        '--generate-pdf-document-outline',
      ]),
    );
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
    const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    expect(profile.startsWith(tmp)).toBe(true);
    expect(existsSync(profile)).toBe(false);
    expect(args.at(-1)).toMatch(/^file:\/\/.*\.html$/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it(
    'writes the bytes to a pipe with --out -',
    () => {
      const r = spawnSync(process.execPath, [join(root, 'bin/itstrat.js'), 'report', '--format', 'pdf', '--out', '-'], {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', CHROMIUM_PATH: chromium },
        timeout: slow.timeout,
      });
      expect(r.status).toBe(0);
      expect(r.stdout.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    slow.timeout,
  );

  it('refuses a terminal and a missing folder at once: --out -, /dev/stdout, /dev/tty on a TTY, one line, exit 2, Chromium never started', () => {
    const marker = join(work, 'tty-ran');
    const env = { CHROMIUM_PATH: fakeChromium('tty-never', `touch ${marker}\nexit 1`) };
    for (const out of ['-', '/dev/stdout', '/dev/tty']) {
      const r = inTerminal(80, ['report', '--format', 'pdf', '--out', out], { env });
      expect(r.status, out).toBe(2);
      expect(r.screen, out).toContain('terminal');
      expect(r.screen.trim().split('\n'), out).toHaveLength(1);
      expect(r.screen).not.toContain('%PDF');
    }
    // Checked before the seconds of printing: the browser was never started.
    expect(existsSync(marker)).toBe(false);
    // So is a path whose folder does not exist.
    const missing = itstrat(['report', '--format', 'pdf', '--out', join(work, 'no-such-folder', 'x.pdf')], { env });
    expect(missing.status).toBe(2);
    oneLine(missing.stderr);
    expect(missing.stderr).toContain('does not exist');
    expect(existsSync(marker)).toBe(false);
  });

  it('on Ctrl-C stops Chromium with all its processes and removes its temporary folder', async () => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const pidFile = join(work, 'helper.pid');
    const fake = fakeChromium('helpers', `sleep 60 &\necho $! > ${pidFile}\nwait`);
    const child = spawn(process.execPath, [join(root, 'bin/itstrat.js'), 'report', '--format', 'pdf', '--out', join(work, 'int.pdf')], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', CHROMIUM_PATH: fake, TMPDIR: tmp },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const helper = Number(readFileSync(pidFile, 'utf8'));
    expect(readdirSync(tmp).some((f) => f.startsWith('itstrat-pdf-'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // SIGKILL is delivered at once; reaping the orphans by init may take a moment.
    for (let i = 0; i < 100 && alive(helper); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(helper)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(work, 'int.pdf'))).toBe(false);
  }, 30_000);
});
