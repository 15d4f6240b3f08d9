/**
 * A member's own constituency, as its trigger ballot and selection go: the
 * stage each is at, the units' decisions so far or the outcome, the selection's
 * timetable and shortlist. The constituency is the member's, through their
 * branch: there is nothing to choose, so nobody sees another's this way. It
 * shows what the constituency page shows its officers, less what they may open.
 */
import { latestProcess, selectionRunning, selectionView, triggerOpen, triggerProgress } from '../presenters/constituency.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { constituencyPage } from '../views/constituency.js';
import type { Handler } from './app.js';
import { errorResponse, page, requestLanguage, viewContext } from './http.js';
import { wordsIn } from '../../app/language/index.js';
import { constituencyOfUnit } from './permissions.js';

const myConstituency: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const w = wordsIn(requestLanguage(c));
  const branch = await deps.store.getUnit(who.member.branch);
  const id = branch ? constituencyOfUnit(branch) : null;
  const unit = id === null ? undefined : await deps.store.getUnit(id);
  if (!unit) return errorResponse(c, 404, w.t('seat.none'));
  const processes = await deps.store.processDocuments({ constituency: unit.id });
  const tb = latestProcess(processes, 'trigger-ballot', triggerOpen);
  const sel = latestProcess(processes, 'selection', selectionRunning);
  const trigger = tb ? triggerProgress(tb, await rulebookFor(deps.store, tb), who, w) : null;
  const incumbent = await deps.store.getIncumbent(unit.id);
  return page(
    c,
    constituencyPage(
      {
        constituency: { id: unit.id, name: unit.name },
        ...(incumbent ? { incumbent: incumbent.name } : {}),
        ...(trigger ? { trigger } : {}),
        ...(sel ? { selection: selectionView(sel, w) } : {}),
      },
      viewContext(c),
    ),
  );
};

export const myConstituencyHandlers: Readonly<Record<string, Handler>> = { 'my-constituency': myConstituency };
