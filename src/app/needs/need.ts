/**
 * What needs a person now: the things due for them and for each of their
 * roles, each a sentence, when it is due and where to go to do it. A source
 * (one module per role or per kind of thing) gathers its items from what the
 * reading below holds; `needsNow` runs every source in `NEED_SOURCES`.
 */
import { translate, type MessageKey } from '../language/index.js';
import type { IsoDate } from '../../domain/time.js';
import type { Member, Unit } from '../../domain/organisation.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { MeetingBoothStore, OrganisationStore, ProcessStore, VotingStore } from '../../store/store.js';

/** Who an item is for: a member, a would-be candidate, or the holder of an office. */
export type NeedRole = 'member' | 'candidate' | 'unit-secretary' | 'procedures-secretary' | 'national-officer' | 'scrutineer';
export const NEED_ROLES: readonly NeedRole[] = ['member', 'candidate', 'unit-secretary', 'procedures-secretary', 'national-officer', 'scrutineer'];

/** Where an item sends the person: the web turns it into a link, the command line into a command. */
export type NeedTarget =
  /** `election` when the ballot is one contest of an election of several: the election's one booth holds it. */
  | { readonly to: 'booth'; readonly process: string; readonly election?: string }
  | { readonly to: 'eligibility' }
  | { readonly to: 'apply'; readonly process: string }
  | { readonly to: 'unit-meeting'; readonly unit: string; readonly process: string }
  | { readonly to: 'unit-nominations'; readonly unit: string; readonly process: string }
  | { readonly to: 'election-nominate'; readonly process: string }
  | { readonly to: 'leadership-mp-nominate'; readonly process: string }
  | { readonly to: 'standing' }
  /** An online nomination meeting's booth, while a round the member may vote in is open. */
  | { readonly to: 'meeting-booth'; readonly meeting: string }
  | { readonly to: 'process'; readonly process: string }
  | { readonly to: 'results'; readonly process: string }
  | { readonly to: 'results-index' };

/**
 * When an item is due: "by" a last day (a meeting to hold, a form to send), "from" a day on
 * (an officer's step the timetable allows from then), or "closes" at an instant (a ballot).
 */
export type NeedDue =
  | { readonly kind: 'by'; readonly date: IsoDate }
  | { readonly kind: 'from'; readonly date: IsoDate }
  | { readonly kind: 'closes'; readonly at: Date };

export interface Need {
  readonly role: NeedRole;
  /** A sentence in plain words, without its date (the page adds that in its one date format) and without a full stop. */
  readonly text: string;
  /** The link's words: "Vote", "Record the meeting". */
  readonly action: string;
  readonly target: NeedTarget;
  readonly due: NeedDue | null;
  /** What the item is about, for the page to group or count by (a unit's name, a process's title). */
  readonly about?: string;
  /** `text` and `action` as catalogue messages, for a page in the member's language (a member's items, so far). */
  readonly says?: { readonly text: Said; readonly action: Said };
}

/** A catalogue message with its holes filled: `text` is its English. */
export interface Said {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
}

/** An item's text and action from the catalogue: the English as `text` and `action`, the message as `says`. */
export function said(text: Said, action: Said): Pick<Need, 'text' | 'action' | 'says'> {
  return { text: translate('en-GB', text.key, text.params), action: translate('en-GB', action.key, action.params), says: { text, action } };
}

/** The person asking, with the offices they hold (a principal's shape; the web builds it from the store's offices). */
export interface NeedsPerson {
  readonly member: Member;
  readonly roles: ReadonlySet<string>;
  /** Branches and affiliated branches they are secretary of. */
  readonly units: readonly Unit[];
  /** Constituencies they are procedures secretary of. */
  readonly constituencies: readonly Unit[];
}

/** What every source reads from: the store, the moment, and what `needsNow` read once for all of them. */
export interface NeedsReading {
  readonly store: OrganisationStore & ProcessStore & VotingStore & MeetingBoothStore;
  readonly person: NeedsPerson;
  readonly now: Date;
  /** Today in the organisation's time zone. */
  readonly today: IsoDate;
  readonly zone: string;
  readonly processes: readonly ProcessDocument[];
  /** A constituency's name; "the whole party" for null. */
  unitName(id: string | null): string;
  /** The constituency of the person's own branch, or null. */
  readonly homeConstituency: string | null;
}

/** One source of items: gathers what is due from its corner of the party. */
export type NeedSource = (r: NeedsReading) => Promise<readonly Need[]>;
