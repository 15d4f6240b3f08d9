/**
 * The `hustings` command table: the command line's commands and the web app's `serve`. The one
 * place that knows both adapters, so that neither imports the other.
 */
import { run, type Io } from '../cli/run.js';

export function hustings(argv: readonly string[], io: Io): Promise<number> {
  return run(argv, io, {
    serve: async () => {
      const m = await import('./serve-command.js');
      return { help: m.SERVE_HELP, run: m.serve };
    },
  });
}
