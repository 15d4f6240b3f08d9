/**
 * The two labels RCTab's readers hand its tabulator in place of a candidate,
 * whatever the source's own words for them: every reader here maps the
 * source's overvote and undeclared write-in labels to these, as RCTab's do, so
 * the contest's reading of the records knows them whatever the vendor.
 */

/** A rank the voter overvoted, without naming the candidates (RCTab's `overvote`). */
export const EXPLICIT_OVERVOTE = 'overvote';

/** A vote for a write-in nobody declared (RCTab's `Undeclared Write-ins`, also the candidate's name in its results). */
export const UNDECLARED_WRITE_IN = 'Undeclared Write-ins';
