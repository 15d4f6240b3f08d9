/** A scrutineer's items: counts recorded but not yet declared, to check before they are. */
import type { Need, NeedSource } from './need.js';

export const scrutineerNeeds: NeedSource = async (r) => {
  if (!r.person.roles.has('scrutineer')) return [];
  const out: Need[] = [];
  for (const p of r.processes) {
    if (p.kind === 'trigger-ballot' || p.state.phase !== 'counted') continue;
    out.push({
      role: 'scrutineer',
      text: `${p.state.title} has been counted and not yet declared: check the count and its evidence`,
      action: 'Check the count',
      target: { to: 'results', process: p.id },
      due: null,
      about: p.state.title,
    });
  }
  return out;
};
