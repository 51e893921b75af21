import type { Leitplanke } from '../model/types.js';
import type { Calibration } from '../scoring/calibrate.js';

export interface CalibrationReport {
  leitplanken: readonly Leitplanke[];
  /** Weights and threshold in the files before calibration. */
  current: { weights: Readonly<Record<string, number>>; threshold: number };
  calibration: Calibration;
  written?: string;
}
