/**
 * `hustings rulebook use [<id> | <file.json>]`: names the organisation's rulebook in force (audited),
 * a bundled one or the organisation's own from a file (kept in the store), or with neither says which
 * it is. Every `trigger open`, `selection open` and `election open` without --rulebook runs under it,
 * as the web app's opening forms do.
 */
import { rulebookInForce, setRulebookInForce } from '../app/rulebook-in-force.js';
import { rulebookRef } from '../domain/rulebook.js';
import { cliActor } from '../runtime/os-user.js';
import { systemClock } from '../runtime/system-clock.js';
import { UsageError } from './args.js';
import { loadRulebook, looksLikeRulebookFile } from './rulebook-file.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, parseCommand, settled, withStore } from './store-common.js';

export const RULEBOOK_USE_HELP = [
  '  hustings rulebook use [<id> | <file.json>] [--db <url>]',
  '      name the rulebook every process opened from now on runs under (logged in the audit log): a bundled',
  '      one, or your own from a file, kept in the store (a changed file needs a higher version);',
  '      with neither, say which is in force (until one is named, labour-2021)',
].join('\n');

export function rulebookUse(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, [DB_FLAG], 'rulebook use');
    if (p.flags.has('help')) {
      io.stdout.write(`Usage:\n${RULEBOOK_USE_HELP}\n`);
      return 0;
    }
    if (p.positionals.length > 1) throw new UsageError(`rulebook use takes one rulebook id or file, not ${p.positionals.length}`);
    const [named] = p.positionals;
    // A file is read and checked before the store is opened; a bundled rulebook is named by its id.
    const rulebook = named !== undefined && looksLikeRulebookFile(named) ? loadRulebook(named) : named;
    return withStore(p, io, async (store) => {
      if (rulebook === undefined) {
        const now = settled(await rulebookInForce(store));
        io.stdout.write(
          `The rulebook in force is ${now.rulebook.name} (${rulebookRef(now.rulebook)})${now.named ? '' : ', the default: none has been named'}.\n`,
        );
        return 0;
      }
      const set = settled(await setRulebookInForce(store, rulebook, { actor: cliActor(), clock: systemClock }));
      const named = `${set.rulebook.name} (${rulebookRef(set.rulebook)})`;
      io.stdout.write(set.changed ? `The rulebook in force is now ${named}.\n` : `${named} was already the rulebook in force; nothing changed.\n`);
      return 0;
    });
  });
}
