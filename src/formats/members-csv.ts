/**
 * Members from a membership system's export: one row per member.
 *
 *     member_id,name,email,branch_id,joined,status,status_since,gender
 *     L0001234,Ann Jones,ann@example.org,B-042-1,2016-05-02,current,,woman
 *     L0001235,Bob Smith,,B-042-1,2019-11-20,arrears,2024-03-01,
 *
 * Required columns: `member_id`, `name`, `branch_id`, `joined`, and `status`
 * or `history` (or both). Optional: `email`, `status_since`, `gender`,
 * `date_of_birth`, `membership_class`, `self_identified`, `language`.
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
 * - `date_of_birth` (also headed "Date of birth", "DOB", "Birth date"): a
 *   date, YYYY-MM-DD, neither in the future nor after joining; judges
 *   age-limited contests. Blank means not known.
 * - `membership_class` (also "Membership class", "Membership type"): the
 *   class the membership system records (standard, youth, retired…), kept in
 *   lower case; blank means not known.
 * - `self_identified` (also "Self-identified", "Self-identification"): the
 *   characteristics the member self-identifies with, separated by semicolons
 *   (or commas in a quoted cell): disabled, bame, lgbt+ (case does not
 *   matter; "BAME", "LGBT" and "LGBTQ+" are read too). Blank means none.
 *   Never shown to anyone but the member; used only to judge reserved contests.
 * - `language` (also "Preferred language"): the language the member reads
 *   their mail and pages in: en (English) or cy (Welsh); "English", "Welsh",
 *   "Cymraeg" and "en-GB" are read too. Blank means not known: the member's
 *   own choice, or English, stays.
 * - A member already stored is replaced by their row, history and all. Of
 *   the last four, a column the file leaves out keeps what is stored (a
 *   member's own declaration of their characteristics stays until a file
 *   that has the column says otherwise).
 *
 * Columns may come in any order; names are case-insensitive; cells are trimmed.
 */
import { memberId, unitId, type UnitId } from '../domain/ids.js';
import {
  isEmailAddress,
  MEMBER_STATUSES,
  SELF_IDENTIFIED,
  type Member,
  type MemberStatus,
  type MemberLanguage,
  type SelfIdentified,
  type StatusChange,
  type UnitKind,
} from '../domain/organisation.js';
import { isIsoDate, type IsoDate } from '../domain/time.js';
import { readTable, type Row, type RowProblem, type TableResult } from './membership-csv.js';

export const MEMBER_COLUMNS = {
  required: ['member_id', 'name', 'branch_id', 'joined'],
  optional: ['email', 'status', 'status_since', 'gender', 'history', 'date_of_birth', 'membership_class', 'self_identified', 'language'],
  aliases: {
    'preferred language': 'language',
    preferred_language: 'language',
    'date of birth': 'date_of_birth',
    dob: 'date_of_birth',
    'birth date': 'date_of_birth',
    birth_date: 'date_of_birth',
    birthdate: 'date_of_birth',
    'membership class': 'membership_class',
    'membership type': 'membership_class',
    membership_type: 'membership_class',
    'self identified': 'self_identified',
    'self-identified': 'self_identified',
    'self identification': 'self_identified',
    'self-identification': 'self_identified',
    self_identification: 'self_identified',
  },
} as const;

/** Other ways an export writes a characteristic. */
const CHARACTERISTIC_ALIASES: Readonly<Record<string, SelfIdentified>> = { lgbt: 'lgbt+', lgbtq: 'lgbt+', 'lgbtq+': 'lgbt+', 'lgbtqia+': 'lgbt+' };

function characteristicFrom(text: string): SelfIdentified | null {
  const t = text.toLowerCase();
  return CHARACTERISTIC_ALIASES[t] ?? ((SELF_IDENTIFIED as readonly string[]).includes(t) ? (t as SelfIdentified) : null);
}

/** How exports write the two languages. */
const LANGUAGE_NAMES: Readonly<Record<string, MemberLanguage>> = {
  en: 'en',
  'en-gb': 'en',
  english: 'en',
  saesneg: 'en',
  cy: 'cy',
  'cy-gb': 'cy',
  welsh: 'cy',
  cymraeg: 'cy',
};

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
 * the units already stored (`units`: id → kind), dates of birth against
 * `today` when given. Either all members, or all problems.
 */
export function parseMembersCsv(text: string, units: ReadonlyMap<UnitId, UnitKind>, options: { readonly today?: IsoDate } = {}): MembersResult {
  const problems: RowProblem[] = [];
  const members: Member[] = [];
  const lines: number[] = [];
  const firstLine = new Map<string, number>();

  readTable(text, { ...MEMBER_COLUMNS, atLeastOneOf: [['status', 'history']] }, problems, (row) => {
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
    if (email !== '' && !isEmailAddress(email)) add('email', `not an email address: "${email}"`);

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

    const attributes = memberAttributes(row, joined, options.today, add);
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
      ...attributes,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows: members, lines };
}

/** The optional attributes of migration 9 the row's file has columns for (see the header comment); problems go to `add`. */
function memberAttributes(
  row: Row,
  joined: IsoDate | null,
  today: IsoDate | undefined,
  add: (field: string, problem: string) => null,
): Pick<Member, 'born' | 'membershipClass' | 'selfIdentified' | 'language'> {
  const out: { born?: IsoDate | null; membershipClass?: string | null; selfIdentified?: readonly string[]; language?: MemberLanguage } = {};
  if (row.has('date_of_birth')) {
    const text = row.get('date_of_birth');
    if (text === '') out.born = null;
    else if (!isIsoDate(text)) add('date_of_birth', `not a date (YYYY-MM-DD): "${text}"`);
    else if (today !== undefined && text > today) add('date_of_birth', `${text} is in the future (today is ${today})`);
    else if (joined !== null && text > joined) add('date_of_birth', `${text} is after the member joined (${joined})`);
    else out.born = text;
  }
  if (row.has('membership_class')) {
    const text = row.get('membership_class').toLowerCase();
    out.membershipClass = text === '' ? null : text;
  }
  if (row.has('self_identified')) {
    const words = row
      .get('self_identified')
      .split(/[;,]/)
      .map((w) => w.trim())
      .filter((w) => w !== '');
    const known: SelfIdentified[] = [];
    for (const word of words) {
      const c = characteristicFrom(word);
      if (c === null) add('self_identified', `unknown characteristic "${word}" (one of ${SELF_IDENTIFIED.join(', ')}, separated by semicolons)`);
      else if (!known.includes(c)) known.push(c);
    }
    out.selfIdentified = known;
  }
  const language = row.has('language') ? row.get('language') : '';
  if (language !== '') {
    const chosen = LANGUAGE_NAMES[language.toLowerCase()];
    if (chosen === undefined) add('language', `unknown language "${language}" (en for English or cy for Welsh)`);
    else out.language = chosen;
  }
  return out;
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
