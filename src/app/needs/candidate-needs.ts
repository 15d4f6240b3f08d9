/**
 * A would-be candidate's items: selections in the member's own constituency taking applications
 * that they have not applied to. Candidates' consent and statements add their own source here.
 */
import type { Need, NeedSource } from './need.js';

export const candidateNeeds: NeedSource = async (r) => {
  const me = r.person.member.id as string;
  const out: Need[] = [];
  for (const p of r.processes) {
    if (p.kind !== 'selection' || p.state.phase !== 'applications' || p.constituency !== r.homeConstituency) continue;
    if (p.state.candidates.some((c) => c.member === me)) continue;
    out.push({
      role: 'candidate',
      text: `${p.state.title} is taking applications from members of ${r.unitName(p.constituency)}`,
      action: 'Apply to stand',
      target: { to: 'apply', process: p.id },
      due: { kind: 'by', date: p.state.timetable.applicationsClose },
      about: p.state.title,
    });
  }
  return out;
};
