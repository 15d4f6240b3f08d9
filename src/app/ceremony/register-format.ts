/** The `format` of the credential authority's register file (docs/verifiable-ballots.md §13.1), shared by the command that writes it and the upload that reads it. */
export const REGISTER_FORMAT = 'hustings-credential-register';
