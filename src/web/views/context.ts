/** What every page needs besides its own data: who is signed in, the CSRF token for forms, a one-off message, the language. */
import type { Language } from '../../app/language/index.js';
import type { SupporterClass } from '../../domain/supporters.js';

export type Role = 'member' | 'unit-secretary' | 'procedures-secretary' | 'national-officer' | 'scrutineer' | 'administrator';
export const ROLES: readonly Role[] = ['member', 'unit-secretary', 'procedures-secretary', 'national-officer', 'scrutineer', 'administrator'];

export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  member: 'Member',
  'unit-secretary': 'Unit secretary',
  'procedures-secretary': 'Procedures secretary',
  'national-officer': 'National officer',
  scrutineer: 'Scrutineer',
  administrator: 'Administrator',
};

export interface ViewUser {
  readonly name: string;
  readonly roles: readonly Role[];
  /** For a leadership election's supporter (not a member), what they are: the header says it in place of "Member". */
  readonly supporter?: SupporterClass;
  /** A unit secretary's unit, for the navigation link. */
  readonly unit?: { readonly id: string; readonly name: string };
  /** A procedures secretary's constituency, for the navigation link. */
  readonly constituency?: { readonly id: string; readonly name: string };
}

export interface Flash {
  /** success and info are shown as a status; error as an alert. The kind is also said in words. */
  readonly kind: 'success' | 'info' | 'error';
  readonly message: string;
}

export interface ViewContext {
  readonly csrfToken: string;
  readonly user: ViewUser | null;
  readonly flash?: Flash;
  /** The path being shown, so the navigation can mark the current page (aria-current). */
  readonly path?: string;
  /** The language the member reads (en-GB when absent); officer pages stay English whatever it is. */
  readonly lang?: Language;
}

/** Messages for form fields, by field name; a form-wide message under the key "". */
export type FieldErrors = Readonly<Record<string, string>>;

/** What a form showed back after a failed submission: the values typed and what was wrong with them. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FieldErrors;
}

export const emptyForm: FormState = { values: {}, errors: {} };
