// Parsing thousands of YAML files is most of a large strategy's first run: a worker thread
// parses part of them while the main thread parses the rest. The commands stay synchronous: the
// main thread waits with Atomics.wait and takes the results with receiveMessageOnPort, so no
// command has to know. Only the built tool does this (a worker runs the bundle); under tests of
// the sources, and with ITSTRAT_THREADS=1, everything is parsed on the main thread.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { checkFile, checkKey, schemaOf, type CheckCache, type CheckResult } from '../model/assemble-strategy.js';
import type { Finding } from '../model/finding.js';
import { parsedFromTable, positionTable, type PositionTable } from '../model/parse-yaml.js';
import type { SourceFile } from '../model/source-file.js';

/** Below this many files to parse, starting a thread costs more than it saves. */
const MIN_FILES = 2000;
/** The worker starts later and runs colder: it takes a little less than half. */
const WORKER_SHARE = 0.45;

declare const __ITSTRAT_BUILD__: string | undefined;

interface Job {
  relative: string;
  path: string;
  bytes: Uint8Array;
  blob?: string;
}

interface Done {
  relative: string;
  data: unknown;
  parseFindings: Omit<Finding, 'file'>[];
  findings: Omit<Finding, 'file'>[];
  valid: boolean;
  positions: PositionTable;
}

type Reply = { done: Done[] } | { error: string };

const withoutFile = ({ file: _file, ...rest }: Finding): Omit<Finding, 'file'> => rest;

/** The worker's side: checks its files and posts the results, then wakes the main thread. */
export function checkWorker(): void {
  const { jobs, port, signal } = workerData as { jobs: Job[]; port: MessagePort; signal: Int32Array };
  let reply: Reply;
  try {
    reply = {
      done: jobs.map((job) => {
        const file: SourceFile = { path: job.path, relative: job.relative, bytes: job.bytes, ...(job.blob ? { blob: job.blob } : {}) };
        const result = checkFile(file, schemaOf(file));
        return {
          relative: job.relative,
          data: result.parsed.data,
          parseFindings: result.parsed.findings.map(withoutFile),
          findings: result.findings.map(withoutFile),
          valid: result.valid,
          positions: positionTable(result.parsed),
        };
      }),
    };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/**
 * A check cache in front of `cache` that hands out the results a worker thread computed for the
 * last part of the files (and teaches them to `cache`). Undefined when a thread would not pay.
 */
export function parallelCheck(
  files: readonly SourceFile[],
  cache: (CheckCache & { has(key: string): boolean }) | undefined,
): CheckCache | undefined {
  if (typeof __ITSTRAT_BUILD__ !== 'string' || process.env['ITSTRAT_THREADS'] === '1' || availableParallelism() < 2) return undefined;
  const misses = files.filter((f) => f.unreadable === undefined && (cache === undefined || !cache.has(checkKey(f, schemaOf(f)))));
  if (misses.length < MIN_FILES) return undefined;
  const share = misses.slice(Math.floor(misses.length * (1 - WORKER_SHARE)));
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const jobs: Job[] = share.map((f) => ({ relative: f.relative, path: f.path, bytes: f.bytes, ...(f.blob ? { blob: f.blob } : {}) }));
  const bundle = fileURLToPath(import.meta.url);
  let worker: Worker;
  try {
    worker = new Worker(`require(${JSON.stringify(bundle)}).checkWorker();`, {
      eval: true,
      workerData: { jobs, port: port2, signal },
      transferList: [port2],
    });
  } catch {
    return undefined;
  }
  worker.unref();
  const mine = new Map(share.map((f) => [f, true]));
  let results: Map<string, Done> | undefined;
  const collect = (): Map<string, Done> => {
    if (results !== undefined) return results;
    // Wait for the worker's signal, then take its one message synchronously.
    while (Atomics.load(signal, 0) === 0) Atomics.wait(signal, 0, 0, 1000);
    const message = receiveMessageOnPort(port1)?.message as Reply | undefined;
    port1.close();
    results = new Map(message !== undefined && 'done' in message ? message.done.map((d) => [d.relative, d]) : []);
    return results;
  };
  return {
    get(key, file, schema): CheckResult | undefined {
      const stored = cache?.get(key, file, schema);
      if (stored !== undefined || !mine.has(file)) return stored;
      const done = collect().get(file.relative);
      // A worker that failed leaves its files to the main thread, as if there were no worker.
      if (done === undefined) return undefined;
      const withFile = (f: Omit<Finding, 'file'>): Finding => ({ ...f, file: file.path });
      const result: CheckResult = {
        parsed: parsedFromTable(file, done.data, done.parseFindings.map(withFile), done.positions),
        findings: done.findings.map(withFile),
        valid: done.valid,
      };
      cache?.set(key, result);
      return result;
    },
    set(key, result) {
      cache?.set(key, result);
    },
  };
}
