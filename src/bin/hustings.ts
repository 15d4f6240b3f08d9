/**
 * The `hustings` command table: the command line's commands and the web app's `serve`. The one
 * place that knows both adapters, so that neither imports the other.
 */
import { run, type Io } from '../cli/run.js';
import { SERVE_HELP, serve } from './serve-command.js';

export function hustings(argv: readonly string[], io: Io): Promise<number> {
  return run(argv, io, { serve: { help: SERVE_HELP, run: serve } });
}
