import { project, type CommandResult, type ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { ExitCode } from '../exit-codes.js';
import { hasErrors, sortFindings } from '../model/finding.js';
import { workspaceReviews } from '../command-kit/reviews.js';
import { findingsFormats, type FindingsFormat } from '../render/formats.js';
import { findingsFormatters } from '../render/render-findings.js';
import type { ValidationReport } from '../results/validation.js';

export interface ValidateResult extends CommandResult {
  report: ValidationReport;
}

export function validate(_options: object, workspace: Workspace): ValidateResult {
  const reviews = workspaceReviews(workspace);
  const findings = sortFindings([...workspace.check().findings, ...reviews.check.findings]);
  return {
    report: { dir: workspace.dir, files: [...workspace.files(), ...reviews.files].map((f) => f.path), findings },
    language: workspace.language(),
    exitCode: hasErrors(findings) ? ExitCode.Findings : ExitCode.Ok,
  };
}

export const validateCommand = {
  kind: 'read',
  spec: {
    path: ['validate'],
    description: 'check every strategy file against the schemas and rules; findings name file, line and column',
    formats: findingsFormats,
    help: '\nFormats: text (terminal), json (tools), github (pull-request annotations), junit (GitLab, Jenkins).',
  },
  run: validate,
  formatters: project(findingsFormatters, (r: ValidateResult) => r.report),
} satisfies ReadingCommand<object, ValidateResult, FindingsFormat>;
