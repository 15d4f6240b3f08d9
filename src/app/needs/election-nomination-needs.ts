/**
 * A national internal election's nominations, as they need people: each body its secretary (or
 * procedures secretary) may nominate for, while nominations are open and it has nominated no one
 * in that contest yet (in a leadership election, each MP who has not nominated); and each member
 * nominated who has not yet accepted or declined.
 */
import { mpNominationOf } from '../../domain/processes/leadership-steps.js';
import { nominatingKinds } from '../election-nominations.js';
import { isNominatingMp } from '../leadership.js';
import { rulebookFor } from '../rulebook-of.js';
import { said, type Need, type NeedSource } from './need.js';

export const electionNominationNeeds: NeedSource = async (r) => {
  const me = r.person.member.id as string;
  const out: Need[] = [];
  for (const p of r.processes) {
    if (p.kind !== 'internal-election' || p.state.phase !== 'nominations') continue;
    const s = p.state;
    const due = { kind: 'by', date: s.timetable.nominationsClose } as const;
    const rb = await rulebookFor(r.store, p);
    const kinds: readonly string[] = rb ? nominatingKinds(s, rb) : [];
    const open = r.today <= s.timetable.nominationsClose;
    if (open && isNominatingMp(s, me) && mpNominationOf(s, me) === null)
      out.push({
        role: 'member',
        ...said({ key: 'needs.mpNominate', params: { title: s.title } }, { key: 'needs.mpNominateAction', params: {} }),
        target: { to: 'leadership-mp-nominate', process: p.id },
        due,
        about: s.title,
      });
    if (kinds.length > 0 && open) {
      const bodies = [
        ...r.person.constituencies.map((u) => ({ unit: u, role: 'procedures-secretary' as const })),
        ...r.person.units.map((u) => ({ unit: u, role: 'unit-secretary' as const })),
      ].filter((b) => kinds.includes(b.unit.kind));
      for (const { unit, role } of bodies) {
        if (s.nominations.some((n) => n.body === unit.id)) continue;
        out.push({
          role,
          text: `${unit.name} may nominate candidates in ${s.title}`,
          action: 'Record a nomination',
          target: { to: 'election-nominate', process: p.id },
          due,
          about: s.title,
        });
      }
    }
    const nominee = s.nominees.find((n) => n.member === me);
    if (nominee && nominee.consent === null)
      out.push({
        role: 'candidate',
        text: `You have been nominated in ${s.title}: accept or decline, and write your statement`,
        action: 'Answer your nomination',
        target: { to: 'standing' },
        due,
        about: s.title,
      });
  }
  return out;
};
