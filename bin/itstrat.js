#!/usr/bin/env node
// Runs the bundled CLI (dist/itstrat.cjs, built by npm's prepare script) with V8's code cache:
// the bytecode of what a run compiled is kept next to the parse cache and reused when the same
// bundle runs on the same Node.js again. Any problem with the cache only costs speed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
const key = () => createHash('sha1').update(bundleHash()).update(process.version).update(process.arch).digest('hex').slice(0, 16);
const cacheFile = folder === undefined ? undefined : join(folder, `v8-${key()}.bin`);
let cachedData;
try {
  if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
} catch {
  // no code cache yet
}

const script = new vm.Script(Module.wrap(source), { filename, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));

if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // After the run, so the cache holds every function this run compiled, not just the top level.
  process.once('beforeExit', () => {
    try {
      mkdirSync(folder, { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // a cache is an optimisation
    }
  });
}

await module.exports.main();
