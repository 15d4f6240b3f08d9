/**
 * A national internal election's nominations, as they need people: each body its secretary (or
 * procedures secretary) may nominate for, while nominations are open and it has nominated no one
 * in that contest yet; and each member nominated who has not yet accepted or declined.
 */
import { nominationRulesOf } from '../../domain/processes/body-nominations.js';
import { rulebookFor } from '../rulebook-of.js';
import type { Need, NeedSource } from './need.js';

export const electionNominationNeeds: NeedSource = async (r) => {
  const me = r.person.member.id as string;
  const out: Need[] = [];
  for (const p of r.processes) {
    if (p.kind !== 'internal-election' || p.state.phase !== 'nominations') continue;
    const s = p.state;
    const due = { kind: 'by', date: s.timetable.nominationsClose } as const;
    const rules = (() => {
      const rb = rulebookFor(p);
      return rb ? nominationRulesOf(rb) : null;
    })();
    if (rules !== null && r.today <= s.timetable.nominationsClose) {
      const bodies = [
        ...r.person.constituencies.map((u) => ({ unit: u, role: 'procedures-secretary' as const })),
        ...r.person.units.map((u) => ({ unit: u, role: 'unit-secretary' as const })),
      ].filter((b) => (rules.bodies as readonly string[]).includes(b.unit.kind));
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
