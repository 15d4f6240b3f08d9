/**
 * Building a store from its parts. Each adapter implements every concern as its own part (a class
 * over the shared connection or pool); the store hands each method call straight to the part that
 * owns it. The parts' public methods are bound onto one object, so a method added to a part is a
 * method of the store with no forwarding line to write; internal helpers are kept off it by being
 * `#private`. Two parts offering one name is a mistake in the adapter, and refused at once.
 */
import type {
  AuditStore,
  AuthStore,
  EncryptedBallotStore,
  IntegrityStore,
  MeetingBoothStore,
  OrganisationStore,
  OutboxStore,
  PostalStore,
  ProcessStore,
  Store,
  SupporterStore,
  VotingStore,
} from './store.js';

export interface StoreParts {
  readonly lifecycle: Pick<Store, 'dialect' | 'close'>;
  readonly organisation: OrganisationStore;
  readonly processes: ProcessStore;
  readonly auth: AuthStore;
  readonly voting: VotingStore;
  readonly integrity: IntegrityStore;
  readonly audit: AuditStore;
  readonly outbox: OutboxStore;
  readonly postal: PostalStore;
  readonly supporters: SupporterStore;
  readonly booth: MeetingBoothStore;
  readonly encrypted: EncryptedBallotStore;
}

/** A plain object's own properties; a class instance's methods along its class chain (not Object's), bound to it. */
function membersOf(part: object): [string, unknown][] {
  if (Object.getPrototypeOf(part) === Object.prototype) return Object.entries(part);
  const out: [string, unknown][] = [];
  for (let proto: object | null = Object.getPrototypeOf(part); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      // Read through the descriptor, so a getter is never run on the prototype.
      const method: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (name !== 'constructor' && typeof method === 'function') out.push([name, method.bind(part)]);
    }
  }
  return out;
}

export function composeStore(parts: StoreParts): Store {
  const store: Record<string, unknown> = {};
  for (const [concern, part] of Object.entries(parts)) {
    for (const [name, value] of membersOf(part)) {
      if (Object.hasOwn(store, name)) throw new Error(`two parts of the store offer "${name}" (the second is ${concern})`);
      store[name] = value;
    }
  }
  // Every part's methods are now the store's: the compiler cannot follow a copy made by name.
  return store as unknown as Store;
}
