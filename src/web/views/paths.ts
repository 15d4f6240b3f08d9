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
  /** Switches the pages' language and goes back to `next`. */
  language: (to: string, next: string) => `/language?${new URLSearchParams({ to, next }).toString()}`,
  ballots: '/ballots',
  ballot: (processId: string) => `/ballots/${seg(processId)}`,
  ballotReview: (processId: string) => `/ballots/${seg(processId)}/review`,
  ballotCast: (processId: string) => `/ballots/${seg(processId)}/cast`,
  /** The encrypted booth's cast: the ballot as the page encrypted it. */
  ballotEncrypted: (processId: string) => `/ballots/${seg(processId)}/encrypted`,
  ballotCredentials: (processId: string) => `/ballots/${seg(processId)}/credentials`,
  ballotTrustee: (processId: string) => `/ballots/${seg(processId)}/trustee`,
  eligibility: '/eligibility',
  myConstituency: '/my-constituency',
  selfIdentification: '/eligibility/self-identification',
  unit: (unit: string) => `/units/${seg(unit)}`,
  unitMeeting: (unit: string, processId: string) => `/units/${seg(unit)}/processes/${seg(processId)}/meeting`,
  unitNominations: (unit: string, processId: string) => `/units/${seg(unit)}/processes/${seg(processId)}/nominations`,
  constituencies: '/constituencies',
  constituency: (unit: string) => `/constituencies/${seg(unit)}`,
  openTriggerForm: (unit: string) => `/constituencies/${seg(unit)}/trigger-ballots/new`,
  openTrigger: (unit: string) => `/constituencies/${seg(unit)}/trigger-ballots`,
  openSelectionForm: (unit: string) => `/constituencies/${seg(unit)}/selections/new`,
  openSelection: (unit: string) => `/constituencies/${seg(unit)}/selections`,
  process: (processId: string) => `/processes/${seg(processId)}`,
  processDisputes: (processId: string) => `/processes/${seg(processId)}/disputes`,
  processTimetable: (processId: string) => `/processes/${seg(processId)}/timetable`,
  emergency: '/emergency',
  candidacies: '/candidacies',
  apply: (processId: string) => `/selections/${seg(processId)}/apply`,
  rulebooks: '/rulebooks',
  simulate: '/simulate',
  rulebook: (ref: string) => `/rulebooks/${seg(ref)}`,
  rulebookCompare: '/rulebooks/compare',
  elections: '/elections',
  openElectionForm: '/elections/new',
  /** Opening a leadership election (with a deputy's contest if chosen). */
  openLeadershipForm: '/leadership-elections/new',
  openLeadership: '/leadership-elections',
  /** The page of an election of several contests (its id is not a process's). */
  election: (electionId: string) => `/elections/${seg(electionId)}`,
  processes: '/processes',
  /** A ballot's turnout: officers and scrutineers while it is open, everyone once it has closed. */
  turnout: (processId: string) => `/processes/${seg(processId)}/turnout`,
  paperVotes: (processId: string) => `/processes/${seg(processId)}/paper-votes`,
  paperVoteReview: (processId: string) => `/processes/${seg(processId)}/paper-votes/review`,
  paperVoteEncrypted: (processId: string) => `/processes/${seg(processId)}/paper-votes/encrypted`,
  resultsIndex: '/results',
  results: (processId: string) => `/results/${seg(processId)}`,
  tracker: (processId: string) => `/results/${seg(processId)}/tracker`,
  encryptedBoard: (processId: string) => `/results/${seg(processId)}/encrypted-board.json`,
  electionNominate: (processId: string) => `/elections/${seg(processId)}/nominate`,
  /** A constituency party's nomination meetings for an election: calling one. */
  nominationMeetings: (processId: string) => `/elections/${seg(processId)}/meetings`,
  nominationMeeting: (meetingId: string) => `/meetings/${seg(meetingId)}`,
  nominationMeetingResults: (meetingId: string) => `/meetings/${seg(meetingId)}/results`,
  /** An online meeting's booth, where members present who may vote vote round by round. */
  nominationMeetingBooth: (meetingId: string) => `/meetings/${seg(meetingId)}/booth`,
  electionConsent: (processId: string) => `/elections/${seg(processId)}/consent`,
  electionCandidates: (processId: string) => `/elections/${seg(processId)}/candidates`,
  /** A leadership election: an MP's own nomination, and the public page of who nominated whom. */
  leadershipMpNominate: (processId: string) => `/elections/${seg(processId)}/mp-nominate`,
  leadershipNominations: (processId: string) => `/elections/${seg(processId)}/leadership`,
  /** A leadership election's supporters: the public form, the applicant's private status page, the officers' queue. */
  supporterApply: (processId: string) => `/elections/${seg(processId)}/supporters/apply`,
  supporterStatus: (token: string) => `/supporters/status/${seg(token)}`,
  supporterQueue: (processId: string) => `/elections/${seg(processId)}/supporters`,
  supporterWindow: (processId: string) => `/elections/${seg(processId)}/supporters/window`,
  supporterDecide: (processId: string, number: number) => `/elections/${seg(processId)}/supporters/${number}/decide`,
  selectionCandidates: (processId: string) => `/selections/${seg(processId)}/candidates`,
  /** The one booth of an election of several contests (the election's id, shared by its contests). */
  electionBooth: (election: string) => `/elections/${seg(election)}/booth`,
  electionStep: (election: string, step: string) => `/elections/${seg(election)}/steps/${seg(step)}`,
  electionBoothReview: (election: string) => `/elections/${seg(election)}/booth/review`,
  electionBoothCast: (election: string) => `/elections/${seg(election)}/booth/cast`,
  processNominations: (processId: string) => `/processes/${seg(processId)}/nominations`,
  statement: (processId: string) => `/processes/${seg(processId)}/statement`,
  statementDecision: (processId: string) => `/processes/${seg(processId)}/statements`,
  /** A statement's photo, by its digest (served only once approved, or to the officers reviewing it). */
  statementPhoto: (processId: string, sha256: string) => `/processes/${seg(processId)}/photos/${seg(sha256)}`,
  standing: '/standing',
  admin: '/admin',
  adminImport: '/admin/import',
  adminRulebook: '/admin/rulebook',
  adminMailFailures: '/admin/mail-failures',
  adminDisputesPanel: '/admin/disputes-panel',
  audit: '/audit',
  /** A statutory postal ballot: the scrutineer's desk, its actions, the register and the report. */
  postal: (processId: string) => `/postal/${seg(processId)}`,
  postalAct: (processId: string, action: string) => `/postal/${seg(processId)}/act/${seg(action)}`,
  postalScans: (processId: string) => `/postal/${seg(processId)}/scans`,
  postalRegister: (processId: string, after?: number) => `/postal/${seg(processId)}/register${after ? `?after=${after}` : ''}`,
  postalReport: (processId: string) => `/postal/${seg(processId)}/report`,
  postalReportPdf: (processId: string) => `/postal/${seg(processId)}/report.pdf`,
  static: (file: string) => `/static/${seg(file)}`,
} as const;
