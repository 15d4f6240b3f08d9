/**
 * The web app's pages, as pure functions from a typed view model and the
 * request context to a complete HTML document. No I/O: the server gathers the
 * data, these render it.
 */
export { html, trusted, join, attr, escapeHtml, Html, type Interpolation } from './html.js';
export { ROLES, ROLE_NAMES, emptyForm, type Role, type ViewUser, type ViewContext, type Flash, type FieldErrors, type FormState } from './context.js';
export { paths } from './paths.js';
export { layout, type Page } from './layout.js';
export { navItems, type NavItem } from './nav.js';
export { CSRF_FIELD, fieldId } from './forms.js';
export { signInPage, signInCodePage, EMAIL_FIELD, CODE_FIELD, type SignInView, type CodeSentView } from './auth.js';
export { errorPage, errorTitle, type ErrorView } from './error.js';
export {
  myBallotsPage,
  myEligibilityPage,
  type MyBallotsView,
  type OpenBallot,
  type ClosedBallot,
  type MyEligibilityView,
  type EligibilityEntry,
} from './member.js';
export {
  boothPage,
  boothReviewPage,
  boothConfirmationPage,
  trackerPage,
  TRACKER_FIELD,
  rankingToFields,
  rankFieldName,
  RANK_FIELD_PREFIX,
  BOOTH_ACTION_FIELD,
  type BoothAction,
  type BoothView,
  type BoothCandidate,
  type BoothReviewView,
  type BoothConfirmationView,
  type TrackerView,
  type RankableCandidate,
} from './booth.js';
export {
  triggerMeetingPage,
  nominationsPage,
  MEETING_FIELDS,
  NOMINEE_FIELD,
  NOMINATION_DATE_FIELD,
  type TriggerMeetingView,
  type RecordedMeeting,
  type NominationsView,
  type NominationCandidate,
} from './secretary.js';
export {
  constituencyPage,
  constituenciesPage,
  CONSTITUENCY_FILTER_FIELD,
  type ConstituencyView,
  type ConstituenciesView,
  type ConstituencyRow,
  type TriggerProgressView,
  type UnitProgress,
  type SelectionView,
  type TimetableStep,
} from './constituency.js';
export {
  openTriggerPage,
  openSelectionPage,
  openElectionPage,
  TRIGGER_FIELDS,
  TRIGGER_LABELS,
  SELECTION_FIELDS,
  SELECTION_LABELS,
  ELECTION_FIELDS,
  ELECTION_LABELS,
  type OpenTriggerView,
  type OpenSelectionView,
  type OpenElectionView,
  type RulebookChoice,
  type RulebookInUse,
} from './opening.js';
export {
  candidaciesPage,
  applyPage,
  APPLY_FIELDS,
  applyLabels,
  type CandidaciesView,
  type OpenSelectionEntry,
  type MyApplication,
  type ApplyView,
} from './candidacy.js';
export { triggerGauges, gaugeView, type Gauge } from './gauge.js';
export {
  rulebooksPage,
  rulebookPage,
  rulebookComparePage,
  electionsPage,
  processesPage,
  COMPARE_FIELDS,
  PROCESS_FILTER_FIELDS,
  type RulebooksView,
  type RulebookView,
  type RulebookCompareView,
  type ElectionsView,
  type ElectionRow,
  type ProcessesView,
  type ProcessRow,
} from './national.js';
export type { SelectOption } from './select.js';
export { resultsPage, type ResultsView, type ResultsDownloads } from './results.js';
export { buildSankey, type SankeyModel, type SankeyNode, type SankeyFlow } from './sankey.js';
export { sankeySvg } from './sankey-svg.js';
