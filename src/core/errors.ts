/**
 * An error whose message is written for the person who configured the step: it names the input,
 * registry URL or file at fault. The action prints only the message of these, never a stack.
 */
export class UserError extends Error {
  /**
   * The setting the message is about (`image`, `output-dir`, `max-size`, …), which each face
   * names its own way: the action as an input, the CLI as an option.
   */
  readonly setting?: string;
  constructor(message: string, options?: { cause?: unknown; setting?: string }) {
    super(message, options);
    this.name = 'UserError';
    if (options?.setting) this.setting = options.setting;
  }
}

/** The archive's bytes do not hash to the registry's digest. Never retried into success. */
export class ChecksumError extends UserError {
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
    /** What may explain it, when something does. */
    hint?: string,
  ) {
    super(`SHA-256 mismatch for ${what}: expected ${expected}, got ${actual}${hint ? `; ${hint}` : ''}`);
    this.name = 'ChecksumError';
  }
}

/** The user asked to stop (Ctrl-C in the CLI). Never retried. */
export class InterruptedError extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
