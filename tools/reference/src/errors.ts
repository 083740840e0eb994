/** The errors of loading reference data. */

/** The data does not follow the encoding or schema of vectors/README.md. */
export class ReferenceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceFormatError';
  }
}

/** A function asked for (`only`) that the directory does not hold; the message lists them. */
export class UnknownFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownFunctionError';
  }
}
