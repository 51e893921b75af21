import type { ToStringOptions } from 'yaml';

/** The one layout every file is written in, so a rewrite of a canonical file changes nothing. */
export const yamlFormat: ToStringOptions = {
  indent: 2,
  lineWidth: 100,
  minContentWidth: 40,
  flowCollectionPadding: false,
};
