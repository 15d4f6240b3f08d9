/**
 * Word lists for the synthetic party. Places are assembled from parts, so they
 * sound plausible without being real constituencies; affiliates are invented
 * (no real union or society is named); people's names are common British ones.
 */
import type { Prng } from '../count/prng.js';

export interface RegionSpec {
  readonly name: string;
  /** Rough share of the 650 seats. */
  readonly seats: number;
  readonly style: 'england' | 'london' | 'scotland' | 'wales';
  /** Members per seat relative to the average. */
  readonly density: number;
}

export const REGIONS: readonly RegionSpec[] = [
  { name: 'North East', seats: 29, style: 'england', density: 0.85 },
  { name: 'North West', seats: 75, style: 'england', density: 1.0 },
  { name: 'Yorkshire and the Humber', seats: 54, style: 'england', density: 0.95 },
  { name: 'East Midlands', seats: 46, style: 'england', density: 0.85 },
  { name: 'West Midlands', seats: 59, style: 'england', density: 0.9 },
  { name: 'East of England', seats: 58, style: 'england', density: 0.85 },
  { name: 'London', seats: 73, style: 'london', density: 1.6 },
  { name: 'South East', seats: 84, style: 'england', density: 1.05 },
  { name: 'South West', seats: 55, style: 'england', density: 1.0 },
  { name: 'Scotland', seats: 59, style: 'scotland', density: 0.6 },
  { name: 'Wales', seats: 40, style: 'wales', density: 0.9 },
];

const PLACE_PARTS: Readonly<Record<RegionSpec['style'], { readonly pre: readonly string[]; readonly suf: readonly string[] }>> = {
  england: {
    pre: [
      'Ash', 'Brad', 'Brom', 'Burn', 'Chel', 'Craw', 'Dar', 'Don', 'Elm', 'Farn', 'Gates', 'Hal', 'Hart', 'Hather', 'Kings',
      'Lang', 'Mar', 'Middle', 'New', 'Old', 'Red', 'Rother', 'Salt', 'Shep', 'Stan', 'Stock', 'Sud', 'Tam', 'Thorn', 'Wal',
      'Wake', 'Wel', 'Whit', 'Wither', 'Wood', 'Ather', 'Bas', 'Bex', 'Carl', 'Dun', 'Eg', 'Gold', 'Hinck', 'Ips', 'Kettle',
      'Lough', 'Mans', 'Nor', 'Ock', 'Pen', 'Ray', 'Sef', 'Tad', 'Ux', 'Ward', 'Yel', 'Brack', 'Cray', 'Fel', 'Hol',
    ],
    suf: [
      'ford', 'ley', 'ton', 'bury', 'ham', 'field', 'wick', 'by', 'worth', 'stead', 'mouth', 'bridge', 'chester', 'hampton',
      'well', 'borough', 'combe', 'minster', 'thorpe', 'dale', 'hurst', 'ing', 'cliffe', 'den',
    ],
  },
  london: {
    pre: [
      'Bel', 'Bow', 'Brix', 'Cam', 'Clap', 'Dal', 'Ed', 'Fins', 'Green', 'Ham', 'Hack', 'High', 'Hol', 'Isle', 'Ken', 'Lew',
      'Mer', 'Mill', 'Nor', 'Pad', 'Peck', 'Pim', 'Ruis', 'Shore', 'Syd', 'Tot', 'Ux', 'Wal', 'Wan', 'Wim', 'Wool', 'Chis',
    ],
    suf: ['ham', 'wick', 'well', 'field', 'ford', 'ington', 'sea', 'stead', 'wood', 'ey', 'gate', 'bury', 'den', 'wich', 'ton', 'ley'],
  },
  scotland: {
    pre: ['Aber', 'Ard', 'Auch', 'Bal', 'Dun', 'Glen', 'Inver', 'Kil', 'Kin', 'Loch', 'Strath', 'Tor', 'Cum', 'Fal', 'Gal', 'Mon', 'Bar', 'Cul'],
    suf: ['deen', 'rossie', 'more', 'lochy', 'ness', 'cairn', 'dale', 'ford', 'gowan', 'lin', 'mairt', 'field', 'bride', 'lie', 'tyre', 'kirk'],
  },
  wales: {
    pre: ['Aber', 'Bryn', 'Caer', 'Cwm', 'Llan', 'Pen', 'Pont', 'Rhos', 'Tre', 'Ystrad', 'Maes', 'Glyn', 'Mer', 'Bed', 'Dol', 'Nant'],
    suf: ['dare', 'gwyn', 'ffordd', 'wen', 'teg', 'mawr', 'fach', 'ddu', 'lais', 'fawr', 'wy', 'nant', 'garth', 'elli', 'aeron', 'tyn'],
  },
};

const COMPASS = ['North', 'South', 'East', 'West', 'Central'] as const;

export function townName(rng: Prng, style: RegionSpec['style']): string {
  const parts = PLACE_PARTS[style];
  return rng.pick(parts.pre) + rng.pick(parts.suf);
}

/** A constituency name: a town, a town and a compass point, or two towns joined. */
export function constituencyName(rng: Prng, style: RegionSpec['style']): { name: string; town: string } {
  const town = townName(rng, style);
  const r = rng.float();
  if (r < 0.5) return { name: town, town };
  if (r < 0.85) return { name: `${town} ${rng.pick(COMPASS)}`, town };
  let other = townName(rng, style);
  while (other === town) other = townName(rng, style);
  return { name: `${town} and ${other}`, town };
}

const WARDS: readonly string[] = [
  'Abbey', 'Castle', 'Riverside', 'Park', 'Central', 'Priory', 'Market', 'Harbour', 'Meadows', 'Forest', 'Hillside', 'Valley',
  'Moorside', 'Marsh', 'Heath', "St Andrew's", "St Mary's", "St John's", "St Peter's", "St Michael's", 'Trinity', 'University',
  'Victoria', 'Westgate', 'Eastgate', 'Northgate', 'Bridge', 'Canal', 'Cathedral', 'Common', 'Docks', 'Fairfield', 'Grange',
  'Highfield', 'Holmewood', 'Kingsway', 'Lakeside', 'Manor', 'Mill', 'Newlands', 'Oakwood', 'Orchard', 'Parkside', 'Quarry',
  'Queensway', 'Railway', 'Redhill', 'Rosewood', 'Springfield', 'Stonebridge', 'Summerhill', 'Thornhill', 'Town Centre', 'Vale',
  'Westfield', 'Whitehall', 'Willows', 'Windmill', 'Woodside', 'Beacon', 'Brookside', 'Chapel', 'Church', 'Cliff', 'Coldwell',
  'Elmfield', 'Firs', 'Glebe', 'Greenbank', 'Hall Green', 'Hilltop', 'Ivy', 'Kirkgate', 'Langley', 'Longford', 'Mapleton',
  'Moor Park', 'Nether', 'Old Town', 'Pinfold', 'Rectory', 'Sandhills', 'Shaw', 'Southfield', 'Stanmore', 'Weston',
];

/** `n` ward names, distinct within one constituency. */
export function wardNames(rng: Prng, n: number, town: string): string[] {
  const pool = rng.shuffled([...WARDS, ...COMPASS.map((c) => `${town} ${c}`), `${town} Green`, `${town} Park`, `Upper ${town}`, `Lower ${town}`]);
  return pool.slice(0, n);
}

export interface AffiliateSpec {
  readonly name: string;
  readonly abbr: string;
  readonly kind: 'union' | 'society';
  /** Relative number of affiliated branches. */
  readonly weight: number;
}

/** Invented affiliates: plausible names, none of them a real organisation's. */
export const AFFILIATES: readonly AffiliateSpec[] = [
  { name: 'General Workers Union', abbr: 'GWU', kind: 'union', weight: 22 },
  { name: 'United Public Service Union', abbr: 'UPSU', kind: 'union', weight: 20 },
  { name: 'Transport and Logistics Workers Union', abbr: 'TLWU', kind: 'union', weight: 12 },
  { name: 'Federation of Shop and Warehouse Staff', abbr: 'FSWS', kind: 'union', weight: 11 },
  { name: 'Amalgamated Makers and Engineers', abbr: 'AME', kind: 'union', weight: 9 },
  { name: 'Union of Care and Health Workers', abbr: 'UCHW', kind: 'union', weight: 8 },
  { name: 'Communication and Digital Workers Union', abbr: 'CDWU', kind: 'union', weight: 6 },
  { name: 'Schools and Colleges Staff Association', abbr: 'SCSA', kind: 'union', weight: 5 },
  { name: 'Rail and Maritime Union', abbr: 'RMTU', kind: 'union', weight: 3 },
  { name: 'Cooperative Commonwealth Society', abbr: 'CCS', kind: 'society', weight: 2 },
  { name: 'Society of Socialist Scientists', abbr: 'SSS', kind: 'society', weight: 1.5 },
  { name: 'Green Socialist League', abbr: 'GSL', kind: 'society', weight: 1.5 },
];

export const WOMEN: readonly string[] = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Mia', 'Poppy', 'Ella', 'Lily', 'Evie', 'Jessica', 'Ruby',
  'Chloe', 'Hannah', 'Sarah', 'Emma', 'Laura', 'Rachel', 'Claire', 'Helen', 'Karen', 'Susan', 'Margaret', 'Patricia', 'Linda',
  'Elizabeth', 'Catherine', 'Joanne', 'Nicola', 'Michelle', 'Angela', 'Fiona', 'Gillian', 'Deborah', 'Julie', 'Alison', 'Anne',
  'Jean', 'Mary', 'Priya', 'Aisha', 'Fatima', 'Zainab', 'Amira', 'Niamh', 'Siobhan', 'Bethan', 'Eilidh', 'Catriona', 'Rhiannon',
  'Yasmin', 'Naomi', 'Abigail', 'Charlotte', 'Lucy', 'Harriet', 'Frances', 'Dorothy', 'Shirley', 'Pauline', 'Janet', 'Ngozi',
];

export const MEN: readonly string[] = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William', 'James', 'Henry', 'Leo',
  'Alfie', 'Joshua', 'Daniel', 'Matthew', 'Andrew', 'David', 'Michael', 'Paul', 'Mark', 'Richard', 'Stephen', 'Peter', 'John',
  'Robert', 'Christopher', 'Gary', 'Ian', 'Neil', 'Simon', 'Kevin', 'Alan', 'Brian', 'Colin', 'Keith', 'Graham', 'Barry', 'Tony',
  'Mohammed', 'Ahmed', 'Imran', 'Rajesh', 'Sanjay', 'Tariq', 'Kwame', 'Emeka', 'Declan', 'Ciaran', 'Rhys', 'Gareth', 'Dafydd',
  'Callum', 'Euan', 'Hamish', 'Fraser', 'Samuel', 'Benjamin', 'Lewis', 'Owen', 'Patrick', 'Dennis', 'Terence',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
  'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson',
  'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan',
  'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly',
  'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall',
  'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray',
  'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight', 'Lloyd',
  'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey', 'Graham', 'Pearson', 'Ahmed',
  'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart', 'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox',
  'Ford', 'Pearce', 'Day', 'Brooks', 'West', 'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball',
  'Burton', "O'Brien", 'Watts', 'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees', 'Hayes',
  'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page', 'Marsh', 'Riley', 'Dunn',
  'Woods', 'Parsons', 'Berry', 'Stone', 'Reid', 'Holland', 'Hawkins', 'Harding', 'Porter', 'Robertson', 'Newton', 'Oliver',
  'Reed', 'Kennedy', 'Williamson', 'Bird', 'Gardner', 'Shah', 'Dean', 'Lane', 'Cooke', 'Bates', 'Henderson', 'Parry', 'Burgess',
  'Bishop', 'Walton', 'Burns', 'Nicholson', 'Shepherd', 'Ross', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls', 'Hamilton',
  'Byrne', 'Sutton', 'McDonald', 'Yates', 'Hodgson', 'Robson', 'Curtis', 'Hopkins', "O'Connor", 'Harper', 'Coleman', 'Watkins',
  'Okafor', 'Mensah', 'Nowak', 'Kowalski', 'Chowdhury', 'Rahman', 'Chen', 'Nguyen', 'Osei', 'Mahmood', 'Iqbal', 'Sharma',
];

/** Email domains reserved for examples (RFC 2606), so no generated address can reach anyone. */
export const EMAIL_DOMAINS: readonly string[] = ['example.org', 'example.com', 'example.net'];

/** Lowercase ASCII slug: "St Mary's" → "st-marys". */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
