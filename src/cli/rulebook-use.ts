/**
 * `hustings rulebook use [<id>]`: names the organisation's rulebook in force (audited), or with no
 * id says which it is. Every `trigger open`, `selection open` and `election open` without --rulebook
 * runs under it, as the web app's opening forms do.
 */
import { rulebookInForce, setRulebookInForce } from '../app/rulebook-in-force.js';
import { rulebookRef } from '../domain/rulebook.js';
import { cliActor } from '../runtime/os-user.js';
import { systemClock } from '../runtime/system-clock.js';
import { UsageError } from './args.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, parseCommand, settled, withStore } from './store-common.js';

export const RULEBOOK_USE_HELP = [
  '  hustings rulebook use [<id>] [--db <url>]',
  '      name the bundled rulebook every process opened from now on runs under (logged in the audit log);',
  '      with no id, say which is in force (until one is named, labour-2021)',
].join('\n');

export function rulebookUse(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, [DB_FLAG], 'rulebook use');
    if (p.flags.has('help')) {
      io.stdout.write(`Usage:\n${RULEBOOK_USE_HELP}\n`);
      return 0;
    }
    if (p.positionals.length > 1) throw new UsageError(`rulebook use takes one rulebook id, not ${p.positionals.length}`);
    const [id] = p.positionals;
    return withStore(p, io, async (store) => {
      if (id === undefined) {
        const now = settled(await rulebookInForce(store));
        io.stdout.write(
          `The rulebook in force is ${now.rulebook.name} (${rulebookRef(now.rulebook)})${now.named ? '' : ', the default: none has been named'}.\n`,
        );
        return 0;
      }
      const set = settled(await setRulebookInForce(store, id, { actor: cliActor(), clock: systemClock }));
      const named = `${set.rulebook.name} (${rulebookRef(set.rulebook)})`;
      io.stdout.write(set.changed ? `The rulebook in force is now ${named}.\n` : `${named} was already the rulebook in force; nothing changed.\n`);
      return 0;
    });
  });
}
