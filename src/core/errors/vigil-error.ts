/** Base of every error Vigil raises on purpose; `hint` says how to fix the cause. */
export class VigilError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }

  /** One line for a person: the message, then the fix. */
  describe(): string {
    return this.hint === undefined ? this.message : `${this.message} — ${this.hint}`;
  }
}
