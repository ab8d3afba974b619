/**
 * An error whose message is written for the person who configured the step: it names the input,
 * registry URL or file at fault. The action prints only the message of these, never a stack.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** The archive's bytes do not hash to the registry's digest. Never retried into success. */
export class ChecksumError extends UserError {
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`SHA-256 mismatch for ${what}: expected ${expected}, got ${actual}`);
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
