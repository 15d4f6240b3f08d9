/**
 * The URLs views link to and post to. The server mounts its routes on the same
 * paths; keeping them here means a renamed route is one edit and a typo is a
 * compile error rather than a dead link.
 */
const seg = (s: string): string => encodeURIComponent(s);

export const paths = {
  home: '/',
  signIn: '/sign-in',
  signInCode: '/sign-in/code',
  signOut: '/sign-out',
  signOutEverywhere: '/sign-out/everywhere',
  ballots: '/ballots',
  ballot: (process: string) => `/ballots/${seg(process)}`,
  ballotReview: (process: string) => `/ballots/${seg(process)}/review`,
  ballotCast: (process: string) => `/ballots/${seg(process)}/cast`,
  eligibility: '/eligibility',
  unit: (unit: string) => `/units/${seg(unit)}`,
  unitMeeting: (unit: string, process: string) => `/units/${seg(unit)}/processes/${seg(process)}/meeting`,
  unitNominations: (unit: string, process: string) => `/units/${seg(unit)}/processes/${seg(process)}/nominations`,
  constituencies: '/constituencies',
  constituency: (unit: string) => `/constituencies/${seg(unit)}`,
  openTriggerForm: (unit: string) => `/constituencies/${seg(unit)}/trigger-ballots/new`,
  openTrigger: (unit: string) => `/constituencies/${seg(unit)}/trigger-ballots`,
  openSelectionForm: (unit: string) => `/constituencies/${seg(unit)}/selections/new`,
  openSelection: (unit: string) => `/constituencies/${seg(unit)}/selections`,
  process: (process: string) => `/processes/${seg(process)}`,
  candidacies: '/candidacies',
  apply: (process: string) => `/selections/${seg(process)}/apply`,
  rulebooks: '/rulebooks',
  simulate: '/simulate',
  rulebook: (ref: string) => `/rulebooks/${seg(ref)}`,
  rulebookCompare: '/rulebooks/compare',
  elections: '/elections',
  openElectionForm: '/elections/new',
  processes: '/processes',
  paperVotes: (process: string) => `/processes/${seg(process)}/paper-votes`,
  paperVoteReview: (process: string) => `/processes/${seg(process)}/paper-votes/review`,
  results: (process: string) => `/results/${seg(process)}`,
  tracker: (process: string) => `/results/${seg(process)}/tracker`,
  admin: '/admin',
  audit: '/audit',
  static: (file: string) => `/static/${seg(file)}`,
} as const;
