import { UserError } from '../core/errors.js';

/** An error about a setting, as the action names it: after the input (`input 'image': …`). */
export function asInputError(err: unknown): unknown {
  if (err instanceof UserError && err.setting) {
    return new UserError(`input '${err.setting}': ${err.message}`, { cause: err });
  }
  return err;
}

/** Runs `fn`, naming the input in any error about a setting. */
export async function namingInputs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asInputError(err);
  }
}
