import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { UserError } from '../core/errors.js';

/** Linux's limits: a whole path, and one name in it (the pull's own names stay under the latter). */
const PATH_MAX = 4096;
const NAME_MAX = 255;

/**
 * Creates the output dir and checks that it is a directory this process can write, so that an
 * unusable `input` fails at once with what is wrong, not with an errno from deep in the pull.
 */
export async function prepareOutputDir(path: string, input = 'output-dir'): Promise<void> {
  const fail = (what: string, cause?: unknown): never => {
    throw new UserError(`${path} ${what}`, { cause, setting: input });
  };
  // Room for one more name of the longest kind, so the pull's own files fit below it.
  if (Buffer.byteLength(path) + 1 + NAME_MAX >= PATH_MAX) {
    fail(
      `is too long a path: it must leave room below it for file names (at most ${PATH_MAX - NAME_MAX - 2} bytes)`,
    );
  }
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    fail(whyNotCreated((err as NodeJS.ErrnoException).code), err);
  }
  const st = await stat(path).catch((err: unknown) => fail('cannot be read (permission denied)', err));
  if (!st.isDirectory()) fail('is not a directory');
  await access(path, constants.W_OK | constants.X_OK).catch((err: unknown) =>
    fail('is a directory this job cannot write to (check its owner and permissions)', err),
  );
}

function whyNotCreated(code: string | undefined): string {
  switch (code) {
    case 'EEXIST':
      return 'exists and is not a directory';
    case 'ENOTDIR':
      return 'cannot be created: part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be created: a directory above it does not let this job write to it';
    case 'EROFS':
      return 'cannot be created: the file system is read-only';
    case 'ENOSPC':
      return 'cannot be created: the disk is full';
    case 'ENAMETOOLONG':
      return `cannot be created: a name in the path is longer than ${NAME_MAX} bytes`;
    default:
      return `cannot be created${code ? ` (${code})` : ''}`;
  }
}

/**
 * A path too long for the file system, met while writing an image below `outputDir` (a long
 * output dir plus the archive's own paths), as an error naming the input; other errors as they are.
 */
export function explainLongPath(err: unknown, outputDir: string, input = 'output-dir'): unknown {
  // The extractor wraps file system errors, keeping them as the cause.
  let e = err as (NodeJS.ErrnoException & { cause?: unknown }) | undefined;
  while (e && e.code !== 'ENAMETOOLONG') e = e.cause as typeof e;
  if (!e) return err;
  return new UserError(
    `a path below ${outputDir} is too long for the file system` +
      `${e.path ? ` (${Buffer.byteLength(e.path)} bytes: ${e.path})` : ''}; choose a shorter output dir`,
    { cause: err, setting: input },
  );
}
