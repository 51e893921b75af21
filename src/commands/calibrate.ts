import { join } from 'node:path';
import { isScalar, type Document } from 'yaml';
import { calibrate as search, type Calibration } from '../scoring/calibrate.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Strategy } from '../model/types.js';
import { withStrategyLock } from '../write/strategy-lock.js';
import { updateYamlFile } from '../write/update-yaml-file.js';
import { loadStrategy } from './load-strategy.js';

export interface CalibrateOptions {
  dir: string;
  minWeight?: number;
  maxWeight?: number;
  write?: boolean;
}

export interface CalibrateResult {
  strategy: Strategy;
  calibration: Calibration;
  /** The path written, with --write. */
  written?: string;
  exitCode: ExitCode;
}

function setScalar(doc: Document, path: (string | number)[], value: number): void {
  const node = doc.getIn(path, true);
  // Changing the scalar in place keeps a trailing comment on the same line.
  if (isScalar(node)) node.value = value;
  else doc.setIn(path, value);
}

/** With --write under the strategy lock, so the weights are computed from the data they are written to. */
export function calibrate(options: CalibrateOptions): CalibrateResult {
  return options.write === true ? withStrategyLock(options.dir, () => calibrateLocked(options)) : calibrateLocked(options);
}

function calibrateLocked(options: CalibrateOptions): CalibrateResult {
  const min = options.minWeight ?? 1;
  const max = options.maxWeight ?? 10;
  if (min > max) throw new CliError(`--min-weight ${min} is above --max-weight ${max}`);
  const strategy = loadStrategy(options.dir);
  const leitplanken = strategy.leitplanken.leitplanken;
  const calibration = search({ leitplanken, fields: strategy.strategy.handlungsfelder, measures: strategy.measures }, { minWeight: min, maxWeight: max });
  if (calibration.total === 0) throw new CliError('no measure has a recorded decision, so there is nothing to calibrate against', ExitCode.Findings);

  let written: string | undefined;
  if (options.write === true) {
    written = join(options.dir, 'leitplanken.yaml');
    updateYamlFile(written, {
      edit: (doc) => {
        setScalar(doc, ['threshold'], calibration.threshold);
        leitplanken.forEach((l, i) => setScalar(doc, ['leitplanken', i, 'weight'], calibration.weights[l.id] ?? 0));
      },
      expected: (before) => {
        const data = structuredClone(before) as { threshold: number; leitplanken: { id: string; weight: number }[] };
        data.threshold = calibration.threshold;
        for (const l of data.leitplanken) l.weight = calibration.weights[l.id] ?? 0;
        return data;
      },
    }, undefined, { folder: options.dir });
  }
  return {
    strategy,
    calibration,
    ...(written !== undefined ? { written } : {}),
    exitCode: calibration.disagreements.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}
