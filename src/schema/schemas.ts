import leitplanken from './leitplanken.schema.json' with { type: 'json' };
import measure from './measure.schema.json' with { type: 'json' };
import metrics from './metrics.schema.json' with { type: 'json' };
import requirements from './requirements.schema.json' with { type: 'json' };
import review from './review.schema.json' with { type: 'json' };
import strategy from './strategy.schema.json' with { type: 'json' };

export type SchemaName = 'strategy' | 'leitplanken' | 'metrics' | 'measure' | 'review' | 'requirements';

export const schemaNames: readonly SchemaName[] = ['strategy', 'leitplanken', 'metrics', 'measure', 'review', 'requirements'];

// Bundled into the tool at build time: never loaded from the analysed repository, and no file
// to find at run time. The same JSON files are what editors reference through the $schema lines.
const schemas = { strategy, leitplanken, metrics, measure, review, requirements } satisfies Record<SchemaName, object>;

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return schemas[name] as Record<string, unknown>;
}
