import { HeraldError } from '../core/errors.js';
import type { Catalog } from '../i18n/catalog.js';

/** A command the user got wrong. `render` says why in the user's language. */
export class CommandError extends HeraldError {
  readonly code = 'command_invalid';
  constructor(readonly render: (t: Catalog) => string) {
    super('command refused');
  }
}
