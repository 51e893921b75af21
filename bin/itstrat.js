#!/usr/bin/env node
// Runs the bundled CLI (dist/itstrat.cjs, built by npm's prepare script) with V8's code cache:
// the bytecode of what a run compiled is kept next to the parse cache and reused when the same
// bundle runs on the same Node.js again. Any problem with the cache only costs speed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const filename = fileURLToPath(new URL('../dist/itstrat.cjs', import.meta.url));
let source;
try {
  source = readFileSync(filename, 'utf8');
} catch (error) {
  process.stderr.write(`itstrat: cannot load the built CLI (${error.message}); run "npm run build" in the itstrat folder\n`);
  process.exit(2);
}

const env = process.env;
const folder =
  env.ITSTRAT_CACHE === '0' ? undefined : env.ITSTRAT_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'itstrat');
/** The build writes the bundle's hash beside it; hashing the source here is the fallback. */
function bundleHash() {
  try {
    return readFileSync(`${filename}.sha1`, 'utf8');
  } catch {
    return createHash('sha1').update(source).digest('hex');
  }
}
const key = createHash('sha1').update(bundleHash()).update(process.version).update(process.arch).digest('hex').slice(0, 16);
const cacheFile = folder === undefined ? undefined : join(folder, `v8-${key}.bin`);
let cachedData;
try {
  if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
} catch {
  // no code cache yet
}
// The build ran the bundle once and kept its code cache beside it (scripts/build.mjs), keyed the
// same way: a first run on a fresh clone, or with ITSTRAT_CACHE=0, starts from it. It is part of
// the built program, like the bundle itself, and is only ever read here.
const ownCache = cachedData !== undefined;
if (cachedData === undefined) {
  try {
    cachedData = readFileSync(fileURLToPath(new URL(`../dist/v8-${key}.bin`, import.meta.url)));
  } catch {
    // built by another Node.js, or not built: compile from source
  }
}

// The bundle is minified (whitespace and syntax; names stay) because a smaller script compiles
// faster on a cold start. With --verbose it is loaded by require() with source maps instead, so a
// stack trace names the lines of src/*.ts (no code cache then: a trace is worth the time).
let entry;
if (process.argv.includes('--verbose')) {
  process.setSourceMapsEnabled(true);
  entry = createRequire(import.meta.url)(filename);
} else {
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));
  entry = module.exports;
  // The build's cache holds what `score` compiled; the user's own grows with the commands they run.
  if (cacheFile !== undefined && (!ownCache || script.cachedDataRejected)) {
    // After the run, so the cache holds every function this run compiled, not just the top level.
    process.once('beforeExit', () => {
      try {
        mkdirSync(folder, { recursive: true });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
        // Caches of earlier builds or Node.js versions are never read again.
        for (const name of readdirSync(folder))
          if (/^v8-[0-9a-f]{16}\.bin$/.test(name) && join(folder, name) !== cacheFile) rmSync(join(folder, name), { force: true });
      } catch {
        // a cache is an optimisation
      }
    });
  }
}

await entry.main();
