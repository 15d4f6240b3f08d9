/**
 * A unit secretary's items, for every unit they are secretary of: a trigger ballot awaiting their
 * unit's decision (a meeting to record), and a selection awaiting their unit's nominations.
 */
import type { Need, NeedSource } from './need.js';

export const secretaryNeeds: NeedSource = async (r) => {
  const out: Need[] = [];
  for (const unit of r.person.units) {
    for (const p of r.processes) {
      if (p.kind === 'trigger-ballot' && p.state.phase === 'open' && p.state.mode === 'trigger-ballot') {
        const mine = p.state.units.find((u) => u.id === unit.id);
        if (!mine || mine.result !== null) continue;
        out.push({
          role: 'unit-secretary',
          text: `${unit.name} has not recorded its decision on the review of ${p.state.incumbent.name}: hold the meeting and record it, or record that it did not meet`,
          action: 'Record the meeting',
          target: { to: 'unit-meeting', unit: unit.id, process: p.id },
          due: { kind: 'by', date: p.state.closes },
          about: unit.name,
        });
      } else if (p.kind === 'selection' && p.state.phase === 'nominations') {
        if (!p.state.units.some((u) => u.id === unit.id) || p.state.nominations.some((n) => n.unit === unit.id)) continue;
        out.push({
          role: 'unit-secretary',
          text: `${unit.name} has not made its nominations in ${p.state.title}`,
          action: 'Make the nominations',
          target: { to: 'unit-nominations', unit: unit.id, process: p.id },
          due: { kind: 'by', date: p.state.timetable.nominationsClose },
          about: unit.name,
        });
      }
    }
  }
  return out;
};
