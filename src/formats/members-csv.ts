/**
 * Members from a membership system's export: one row per member.
 *
 *     member_id,name,email,branch_id,joined,status,status_since,gender
 *     L0001234,Ann Jones,ann@example.org,B-042-1,2016-05-02,current,,woman
 *     L0001235,Bob Smith,,B-042-1,2019-11-20,arrears,2024-03-01,
 *
 * Required columns: `member_id`, `name`, `branch_id`, `joined`, and `status`
 * or `history` (or both). Optional: `email`, `status_since`, `gender`.
 *
 * - `branch_id`: a branch already stored (import the units first).
 * - `joined`, `status_since`: dates, YYYY-MM-DD.
 * - `status`: current, arrears (also written "in arrears"), lapsed or
 *   suspended; case does not matter.
 * - `status_since`: when the status began; blank means since joining. With
 *   only these two columns the member is taken to have been current from
 *   joining until `status_since`: an export that knows of earlier changes (a
 *   lapse and a rejoin) must give the full history.
 * - `history`: the full status history, oldest first, as `date:status` entries
 *   separated by semicolons, the first on the joining date:
 *   `2019-01-02:current;2021-03-01:arrears;2021-06-01:current`. When a row
 *   has both, `status` (and `status_since`, if given) must agree with the last
 *   entry; a row may leave `history` blank and use `status` instead.
 * - `email`, `gender` (self-described, used only by representation rules):
 *   blank means not known.
 * - A member already stored is replaced by their row, history and all.
 *
 * Columns may come in any order; names are case-insensitive; cells are trimmed.
 */
import { memberId, unitId, type UnitId } from '../domain/ids.js';
import { MEMBER_STATUSES, type Member, type MemberStatus, type StatusChange, type UnitKind } from '../domain/organisation.js';
import { isIsoDate, type IsoDate } from '../domain/time.js';
import { readTable, type RowProblem, type TableResult } from './membership-csv.js';

export const MEMBER_COLUMNS = {
  required: ['member_id', 'name', 'branch_id', 'joined'],
  optional: ['email', 'status', 'status_since', 'gender', 'history'],
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function statusFrom(text: string): MemberStatus | null {
  const t = text.toLowerCase().replace(/[\s_-]+/g, ' ');
  if (t === 'in arrears') return 'arrears';
  return (MEMBER_STATUSES as readonly string[]).includes(t) ? (t as MemberStatus) : null;
}

const STATUS_LIST = `${MEMBER_STATUSES.join(', ')}`;

/** The members read, each with the line it was on (`lines[i]` is `rows[i]`'s), or every problem. */
export type MembersResult = (Extract<TableResult<Member>, { ok: true }> & { readonly lines: readonly number[] }) | Extract<TableResult<Member>, { ok: false }>;

/**
 * Reads and checks every row of a members file; branches are checked against
 * the units already stored (`units`: id → kind). Either all members, or all
 * problems.
 */
export function parseMembersCsv(text: string, units: ReadonlyMap<UnitId, UnitKind>): MembersResult {
  const problems: RowProblem[] = [];
  const members: Member[] = [];
  const lines: number[] = [];
  const firstLine = new Map<string, number>();

  readTable(text, { required: MEMBER_COLUMNS.required, optional: MEMBER_COLUMNS.optional, atLeastOneOf: [['status', 'history']] }, problems, (row) => {
    const before = problems.length;
    const add = (field: string, problem: string): null => {
      problems.push({ line: row.line, field, problem });
      return null;
    };
    const date = (field: string, text: string): IsoDate | null => (isIsoDate(text) ? text : add(field, `not a date (YYYY-MM-DD): "${text}"`));

    const id = row.get('member_id');
    if (id === '') add('member_id', 'blank: every member needs an id');
    else if (firstLine.has(id)) add('member_id', `duplicate id "${id}" (first on line ${firstLine.get(id)})`);
    else firstLine.set(id, row.line);

    const name = row.get('name');
    if (name === '') add('name', 'blank: every member needs a name');

    const email = row.get('email');
    if (email !== '' && !EMAIL.test(email)) add('email', `not an email address: "${email}"`);

    const branch = row.get('branch_id');
    if (branch === '') add('branch_id', 'blank: every member belongs to a branch');
    else {
      const kind = units.get(unitId(branch));
      if (kind === undefined) add('branch_id', `unknown branch "${branch}": not in the store (import the units first)`);
      else if (kind !== 'branch') add('branch_id', `"${branch}" is a${/^[aeiou]/.test(kind) ? 'n' : ''} ${kind.replace('-', ' ')}, not a branch`);
    }

    const joinedText = row.get('joined');
    const joined = joinedText === '' ? add('joined', 'blank: give the date the member joined') : date('joined', joinedText);

    const statusText = row.get('status');
    const status = statusText === '' ? null : (statusFrom(statusText) ?? add('status', `unknown status "${statusText}" (one of ${STATUS_LIST})`));
    const sinceText = row.get('status_since');
    const since = sinceText === '' ? null : date('status_since', sinceText);
    const historyText = row.get('history');

    let history: StatusChange[] | null = null;
    if (historyText !== '') {
      history = parseHistory(historyText, joined, (problem) => add('history', problem));
      const last = history?.at(-1);
      if (last !== undefined) {
        if (status !== null && status !== last.status)
          add('status', `"${statusText}" disagrees with the history, whose last entry is ${last.status} from ${last.from}`);
        if (since !== null && since !== last.from) add('status_since', `${since} disagrees with the history, whose last entry is from ${last.from}`);
      }
    } else if (statusText === '') {
      add('status', `blank: give the member's status (${STATUS_LIST}) or their history`);
    } else if (status !== null && joined !== null && (sinceText === '' || since !== null)) {
      if (since !== null && since < joined) add('status_since', `${since} is before the member joined (${joined})`);
      else if (since === null || since === joined || status === 'current') history = [{ from: joined, status }];
      else
        history = [
          { from: joined, status: 'current' },
          { from: since, status },
        ];
    }

    if (problems.length > before || joined === null || history === null) return;
    const gender = row.get('gender');
    lines.push(row.line);
    members.push({
      id: memberId(id),
      name,
      email: email === '' ? null : email,
      branch: unitId(branch),
      joined,
      statusHistory: history,
      gender: gender === '' ? null : gender,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows: members, lines };
}

/** `date:status;date:status…`, oldest first, starting on the joining date; null if any entry is wrong (each reported). */
function parseHistory(text: string, joined: IsoDate | null, problem: (p: string) => void): StatusChange[] | null {
  // Stray semicolons (a trailing one, a doubled one) separate nothing.
  const entries = text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const out: StatusChange[] = [];
  let good = true;
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1} "${entry}"`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      good = false;
      problem(`${where} is not date:status (e.g. 2019-01-02:current)`);
      return;
    }
    const from = entry.slice(0, colon).trim();
    const statusText = entry.slice(colon + 1).trim();
    const status = statusFrom(statusText);
    if (!isIsoDate(from)) {
      good = false;
      problem(`${where}: not a date (YYYY-MM-DD): "${from}"`);
    }
    if (status === null) {
      good = false;
      problem(`${where}: unknown status "${statusText}" (one of ${STATUS_LIST})`);
    }
    if (!isIsoDate(from) || status === null) return;
    const previous = out.at(-1);
    if (previous !== undefined && from <= previous.from) {
      good = false;
      problem(`${where}: ${from} is not after ${previous.from} (oldest first, one entry per date)`);
    }
    out.push({ from, status });
  });
  if (!good) return null;
  if (out.length === 0) {
    problem('no entries: write date:status;date:status…, or leave it blank and give status');
    return null;
  }
  if (joined !== null && out[0].from !== joined) {
    problem(`starts on ${out[0].from}, but the member joined on ${joined} (the first entry is the status they joined with)`);
    return null;
  }
  return out;
}
