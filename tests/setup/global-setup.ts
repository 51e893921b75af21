// Runs once before the suite: `vitest run` on its own must neither test a stale bundle nor depend
// on hand set-up, so it builds dist/ and provides Debian's Chromium for the browser tests and
// poppler-utils (pdfinfo, pdftotext) for the PDF tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function findChromium(): string | undefined {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') return executable(explicit) ? explicit : undefined;
  return onPath('chromium') ?? (executable('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

/**
 * Debian's package, never a browser or tool downloaded by a test tool (the machines reach no other
 * host): apt-get as root, once per machine; elsewhere one line saying what to install.
 */
function aptInstall(what: string, pkg: string, why: string, alternative: string): void {
  if (process.getuid?.() !== 0 || onPath('apt-get') === undefined) {
    throw new Error(`${what} (${why}): run "apt-get install ${pkg}" as root${alternative}`);
  }
  process.stderr.write(`itstrat tests: ${why}; installing Debian's ${pkg} with apt-get (once per machine)…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', pkg],
  ]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`${what}; "apt-get ${args.join(' ')}" failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  }
}

function installChromium(): void {
  const why = process.env['CHROMIUM_PATH'] ? `CHROMIUM_PATH=${process.env['CHROMIUM_PATH']} is not an executable` : 'no chromium on PATH';
  aptInstall('browser tests need Chromium', 'chromium', why, ' or set CHROMIUM_PATH');
}

/** poppler-utils' pdfinfo and pdftotext read the PDF report back (its pages, text, tags and outline). */
function providePoppler(): void {
  const missing = ['pdfinfo', 'pdftotext'].filter((tool) => onPath(tool) === undefined);
  if (missing.length === 0) return;
  aptInstall('PDF tests need poppler-utils', 'poppler-utils', `no ${missing.join(', ')} on PATH`, '');
  const still = ['pdfinfo', 'pdftotext'].filter((tool) => onPath(tool) === undefined);
  if (still.length > 0) throw new Error(`PDF tests need poppler-utils: ${still.join(', ')} still not on PATH after apt-get install`);
}

export default function setup(): void {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  let chromium = findChromium();
  if (chromium === undefined && process.env['CHROMIUM_PATH'] === undefined) {
    installChromium();
    chromium = findChromium();
  }
  if (chromium === undefined)
    throw new Error(`browser tests need Chromium: CHROMIUM_PATH=${process.env['CHROMIUM_PATH'] ?? ''} is not an executable`);
  // The test workers inherit the environment, so every browser test uses the same binary.
  process.env['CHROMIUM_PATH'] = chromium;
  providePoppler();
}
