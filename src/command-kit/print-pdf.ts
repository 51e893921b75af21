// A page printed to PDF by the reader's own headless Chromium, driven directly by its command
// line: no browser is ever downloaded, and playwright stays a test tool. Chromium's own flags give
// what a public body needs: a tagged PDF (headless Chromium tags what it prints; the tests check
// pdfinfo's "Tagged: yes") with a document outline from the headings
// (--generate-pdf-document-outline), so the DevTools protocol is not needed. Page numbers come
// from the page's own @page CSS.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isatty } from 'node:tty';
import { CliError } from '../errors.js';
import { onInterrupt } from '../write/interrupt.js';
import { resolveWriteTarget } from '../write/write-target.js';

/** The names Chromium goes by on PATH, in the order they are tried. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'] as const;

const INSTALL = 'install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to print with: $CHROMIUM_PATH when set (an explicit choice that is not an
 * executable is an error, never silently replaced by another browser), else the first of
 * chromium, chromium-browser, google-chrome on PATH. Throws CliError (exit 2) naming how to get one.
 */
export function findChromium(env: NodeJS.ProcessEnv, purpose: string): string {
  const explicit = env['CHROMIUM_PATH'];
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  const onPath = (name: string): string | undefined => dirs.map((dir) => join(dir, name)).find(executable);
  if (explicit !== undefined && explicit !== '') {
    // A bare name (CHROMIUM_PATH=chromium-browser) is looked up on PATH as a shell would.
    const found = explicit.includes('/') ? (executable(explicit) ? explicit : undefined) : onPath(explicit);
    if (found !== undefined) return found;
    throw new CliError(
      `${purpose} needs Chromium, but CHROMIUM_PATH=${explicit} is not an executable file; ${INSTALL}; nothing was written`,
    );
  }
  for (const name of CHROMIUM_NAMES) {
    const found = onPath(name);
    if (found !== undefined) return found;
  }
  throw new CliError(
    `${purpose} needs Chromium, and none was found (no ${CHROMIUM_NAMES.join(', ')} on PATH); ${INSTALL}; nothing was written`,
  );
}

/** Whether a character device is a terminal; opened without waiting and without becoming its controlling terminal. */
function deviceIsTerminal(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    return isatty(fd);
  } catch {
    return false; // whatever is wrong with it, the write says so
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * What the write of a binary file would refuse only after the seconds of printing, refused
 * before them: a path whose folder does not exist, a folder, and a terminal (--out -,
 * /dev/stdout on a TTY, /dev/tty), where a PDF's bytes are noise that can also upset it.
 */
export function assertBinaryTarget(out: string, purpose: string): void {
  const target = resolveWriteTarget(out === '-' ? '/dev/stdout' : out);
  const terminal =
    target.kind === 'fd'
      ? isatty(target.fd)
      : target.kind === 'through' && target.what === 'character device' && deviceIsTerminal(target.path);
  if (terminal)
    throw new CliError(`--out ${out} is a terminal: ${purpose} writes a binary file; name a file with --out FILE; nothing was written`);
}

/** How long Chromium may take before it is stopped: $ITSTRAT_PDF_TIMEOUT seconds, default 120. */
export function pdfTimeout(env: NodeJS.ProcessEnv): number {
  const text = env['ITSTRAT_PDF_TIMEOUT'];
  if (text === undefined || text.trim() === '') return 120;
  const seconds = /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= 1)) throw new CliError(`ITSTRAT_PDF_TIMEOUT=${text} is not a whole number of seconds (1 or more); nothing was written`);
  return seconds;
}

/**
 * Whether the bytes are a whole PDF: its header, and its end-of-file marker near the end (a PDF
 * may carry a little after it). A browser that crashes mid-write can leave the header alone.
 */
export function wholePdf(bytes: Uint8Array): boolean {
  const text = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  return text(0, 5) === '%PDF-' && text(Math.max(0, bytes.length - 1024), bytes.length).includes('%%EOF');
}

export interface PrintOptions {
  chromium: string;
  timeoutSeconds: number;
  /** Chromium's own messages (mostly noise: D-Bus, GPU) go to this only when asked for. */
  log?: ((text: string) => void) | undefined;
}

/** The flags of the machine notes: nothing from the network, nothing kept, no sandbox only where it cannot run (root). */
function flags(profile: string, pdf: string): string[] {
  return [
    '--headless',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    `--user-data-dir=${profile}`,
    `--print-to-pdf=${pdf}`,
    '--no-pdf-header-footer',
    '--generate-pdf-document-outline',
  ];
}

/**
 * Prints one self-contained HTML page to PDF bytes. Everything lives in a fresh temporary folder
 * (the page, a throwaway profile, the PDF) that is removed afterwards, also on Ctrl-C or timeout;
 * nothing is written where the user looks until the caller writes the bytes atomically.
 */
export async function printPdf(html: string, options: PrintOptions): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'itstrat-pdf-'));
  const page = join(dir, 'report.html');
  const pdf = join(dir, 'report.pdf');
  writeFileSync(page, html);
  let group: number | undefined;
  // Chromium runs in its own process group, so its helper processes can be stopped with it —
  // also those still running when the browser itself has ended, which would otherwise hold its
  // output open (and keep us waiting) or live on.
  const stop = (): void => {
    if (group === undefined) return;
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the whole group is gone already
    }
  };
  const cleanup = (): void => {
    stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const release = onInterrupt(cleanup);
  try {
    const outcome = await new Promise<{ code: number | null; timedOut: boolean; error?: Error }>((resolve) => {
      const started = spawn(options.chromium, [...flags(join(dir, 'profile'), pdf), pathToFileURL(page).href], {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        // Chromium also writes into HOME (crash-report settings, dconf, NSS) and TMPDIR: throwaway ones keep the user's untouched.
        env: { ...process.env, HOME: dir, TMPDIR: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') },
      });
      group = started.pid;
      // Both of Chromium's streams are its diagnostics; never on our stdout, which may be the PDF itself.
      const forward = (chunk: Buffer): void => options.log?.(chunk.toString('utf8'));
      started.stdout?.on('data', forward);
      started.stderr?.on('data', forward);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutSeconds * 1000);
      started.on('error', (error) => {
        clearTimeout(timer);
        resolve({ code: null, timedOut, error });
      });
      started.on('exit', stop);
      started.on('close', (code) => {
        clearTimeout(timer);
        // Every process of the group has ended (its last output is in): the id may now be reused.
        group = undefined;
        resolve({ code, timedOut });
      });
    });
    if (outcome.error !== undefined)
      throw new CliError(`cannot start Chromium (${options.chromium}): ${outcome.error.message}; ${INSTALL}; nothing was written`);
    if (outcome.timedOut)
      throw new CliError(
        `Chromium (${options.chromium}) did not finish the PDF within ${options.timeoutSeconds} s and was stopped; try again, or allow longer with ITSTRAT_PDF_TIMEOUT=SECONDS; nothing was written`,
      );
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(pdf);
    } catch {
      bytes = undefined;
    }
    if (outcome.code !== 0 || bytes === undefined || !wholePdf(bytes)) {
      throw new CliError(
        `Chromium (${options.chromium}) ${outcome.code === 0 ? 'ended' : `failed (exit code ${outcome.code ?? 'none'})`} without writing a PDF; run with --verbose to see its messages; nothing was written`,
      );
    }
    return new Uint8Array(bytes);
  } finally {
    release();
    cleanup();
  }
}
