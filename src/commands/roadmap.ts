import { isMap, isNode, type Document, type YAMLMap } from 'yaml';
import { calendarOption } from '../command-kit/calendar-option.js';
import type { WritingCommand } from '../command-kit/command.js';
import { planStrategyEdit } from '../command-kit/plan-yaml.js';
import type { Workspace } from '../command-kit/workspace.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { roadmapFormats, type RoadmapFormat } from '../render/formats.js';
import { roadmapFormatters } from '../render/render-roadmap.js';
import type { RoadmapResult } from '../results/roadmap.js';
import { buildRoadmap, proposeOrder } from '../scoring/roadmap.js';
import type { PlannedFileEdit } from '../write/apply-edits.js';

export interface RoadmapOptions {
  today?: string;
  propose?: boolean;
  write?: boolean;
}

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * Deletes a key but not what was written about it: its comments move to the next key (or to the
 * end of the document when it was the last), so a stale `sequence` with a note can still be removed.
 */
function dropKeepingComments(doc: Document, key: string): void {
  const map = doc.contents as YAMLMap;
  const i = map.items.findIndex((p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === key);
  if (i < 0) return;
  const pair = map.items[i]!;
  const parts = [pair.key, pair.value]
    .filter(isNode)
    .flatMap((n) => [n.commentBefore, n.comment])
    .filter((c): c is string => typeof c === 'string' && c !== '');
  map.items.splice(i, 1);
  if (parts.length === 0) return;
  const next = map.items[i];
  if (next !== undefined && isNode(next.key))
    next.key.commentBefore = [...parts, ...(next.key.commentBefore ? [next.key.commentBefore] : [])].join('\n');
  else doc.comment = [...parts, ...(doc.comment ? [doc.comment] : [])].join('\n');
}

export function roadmap(options: RoadmapOptions, workspace: Workspace): RoadmapResult {
  if (options.write === true && options.propose !== true) throw new CliError('--write stores the proposal: it needs --propose');
  const today = options.today === undefined ? todayUtc() : calendarOption('--today', options.today, 'date');
  const strategy = workspace.strategy();
  const proposal = options.propose === true ? proposeOrder(strategy) : null;
  const edits: PlannedFileEdit[] = [];
  if (proposal !== null && options.write === true) {
    // `sequence` is the agreed order: the proposal's position on each proposed measure, and none
    // on any other (a measure no longer proposed loses its stale position). Files already right stay untouched.
    const position = new Map(proposal.steps.map((s) => [s.id, s.position]));
    for (const m of strategy.measures) {
      const want = position.get(m.id);
      if (want === m.sequence) continue;
      edits.push(
        planStrategyEdit(workspace, m.origin.relative, {
          edit: (doc: Document) => {
            if (!isMap(doc.contents)) throw new CliError(`${m.origin.file}: expected a mapping`);
            if (want === undefined) dropKeepingComments(doc, 'sequence');
            else doc.set('sequence', want);
          },
          expected: (before) => {
            const data = { ...(before as Record<string, unknown>) };
            if (want === undefined) delete data['sequence'];
            else data['sequence'] = want;
            return data;
          },
        }),
      );
    }
  }
  return {
    strategy,
    roadmap: buildRoadmap(strategy, today),
    proposal,
    written: edits.map((e) => e.path),
    write: proposal !== null && options.write === true,
    edits,
    language: workspace.lang ?? strategy.strategy.language,
    exitCode: ExitCode.Ok,
  };
}

export const roadmapCommand = {
  kind: 'write',
  spec: {
    path: ['roadmap'],
    description: 'the plan over time: dated measures per Handlungsfeld, requirement deadlines; --propose orders the prioritised measures',
    formats: roadmapFormats,
    out: true,
    options: [
      { flags: '--today <date>', description: 'mark this day and judge deadlines against it (YYYY-MM-DD; default today)' },
      { flags: '--propose', description: 'propose an order of the prioritised measures: dependencies first, then priority, score, id' },
      { flags: '--write', description: 'with --propose: store each proposed position as `sequence` in its measure file' },
    ],
    help: `
Measures with start and/or due are drawn per Handlungsfeld (table: a timeline fitting the
terminal; markdown: a Mermaid gantt; json: the data); the deadlines of requirements.yaml are
milestones. --propose orders the prioritised measures (computed priority, or a decision of
prioritized) so that each comes after what it depends on; among those free to come next the
computed priority goes first, then the higher weighted score, then the lower id. It is a
proposal and changes nothing; --write stores the positions as \`sequence: N\` (--dry-run shows the diff).`,
  },
  writes: (options) => options.write === true,
  run: roadmap,
  formatters: roadmapFormatters,
} satisfies WritingCommand<RoadmapOptions, RoadmapResult, RoadmapFormat>;
