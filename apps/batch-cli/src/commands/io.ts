/** What a command prints to, and whether stderr is a terminal (progress bar). */
export interface CommandIO {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  /** Where progress goes (stderr). */
  stderr?: NodeJS.WriteStream;
}
