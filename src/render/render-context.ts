import type { ChalkInstance } from 'chalk';
import type { Messages } from '../i18n/messages.js';

/** What every formatter may use besides its result. */
export interface RenderContext {
  chalk: ChalkInstance;
  messages: Messages;
  /** The terminal's width when standard output is a terminal; tables fit it. Undefined when piped. */
  width?: number | undefined;
}
