import type { Finding } from '../model/finding.js';

export interface ValidationReport {
  dir: string;
  /** Every file that was checked, as shown to the user. */
  files: string[];
  findings: Finding[];
}
