import { constants, type Stats } from 'node:fs';
import { access, lstat, mkdir, mkdtemp, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import type { Log } from '../core/log.js';
import { currentUid, trustProblem } from './trust.js';

/** Linux's limits: a whole path, and one name in it (the pull's own names stay under the latter). */
const PATH_MAX = 4096;
const NAME_MAX = 255;

/** What the store may do in an output dir it was handed. */
export interface OutputDirState {
  /** False for a read-only mount or a dir without write permission: only what is there verified can be served. */
  writable: boolean;
}

/**
 * Creates the output dir and checks that it is a directory this process can use, so that an
 * unusable `input` fails at once with what is wrong, not with an errno from deep in the pull.
 * A dir that cannot be written (a read-only mount, a store baked into a runner image) is
 * accepted: the pull serves what it holds verified, and says why it cannot store anything else.
 * Dirs that hold other things the store must never sweep or fill are refused (`dangerousDir`).
 */
export async function prepareOutputDir(
  path: string,
  input = 'output-dir',
  env: NodeJS.ProcessEnv = process.env,
): Promise<OutputDirState> {
  const fail = (what: string, cause?: unknown): never => {
    throw new UserError(`${path} ${what}`, { cause, setting: input });
  };
  // Room for one more name of the longest kind, so the pull's own files fit below it.
  if (Buffer.byteLength(path) + 1 + NAME_MAX >= PATH_MAX) {
    fail(
      `is too long a path: it must leave room below it for file names (at most ${PATH_MAX - NAME_MAX - 2} bytes)`,
    );
  }
  const danger = await dangerousDir(path, env);
  if (danger)
    fail(`is ${danger}: images would be mixed with everything else there; use a dir of their own below it`);
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    fail(whyNotCreated((err as NodeJS.ErrnoException).code), err);
  }
  const st = await stat(path).catch((err: unknown) => fail('cannot be read (permission denied)', err));
  if (!st.isDirectory()) fail('is not a directory');
  await access(path, constants.R_OK | constants.X_OK).catch((err: unknown) =>
    fail('is a directory this job cannot read (check its owner and permissions)', err),
  );
  const writable = await access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
  return { writable };
}

/**
 * Which of the places an output dir must never be `path` is, if any: the root, the home dir, the
 * workspace, and the runner's temp and tool cache dirs themselves (below them is fine).
 */
export async function dangerousDir(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const places: [string | undefined, string][] = [
    ['/', 'the root directory'],
    [homedir(), 'the home directory'],
    [env.GITHUB_WORKSPACE, 'the workspace (GITHUB_WORKSPACE)'],
    [env.RUNNER_TEMP, "the runner's temp dir (RUNNER_TEMP)"],
    [env.RUNNER_TOOL_CACHE, "the runner's tool cache (RUNNER_TOOL_CACHE)"],
  ];
  const own = await canonical(path);
  for (const [place, what] of places) {
    if (place && own.includes(await canonical(place).then((c) => c[0]!))) return what;
  }
  return undefined;
}

/** The path as given (resolved) and, when it exists, with its links resolved. */
async function canonical(path: string): Promise<string[]> {
  const abs = resolve(path);
  const real = await realpath(abs).catch(() => abs);
  return real === abs ? [abs] : [abs, real];
}

/**
 * The output dir to use. One that exists must be a dir of this user's that no one else can
 * write, or another local user could have put a tree or an archive there. The shared default
 * under the temp dir may belong to another user of the machine: then a per-user dir beside it
 * is used, and when that one is taken too, a fresh private one; each time with a warning naming
 * the dir, never a failure, and never the other user's files. A dir the user named is used as
 * named, or the step fails.
 */
export async function chooseOutputDir(dir: string, isDefault: boolean, log: Log): Promise<string> {
  const uid = currentUid();
  const problem = await outputDirProblem(dir, uid, !isDefault);
  if (!problem) return dir;
  if (!isDefault) throw new UserError(`${dir} ${problem}; use a dir of your own`, { setting: 'output-dir' });
  const own = `${dir}-${uid}`;
  const ownProblem = await outputDirProblem(own, uid, false);
  if (!ownProblem) {
    log.warn(`the default output dir ${dir} ${problem}; using ${own} instead (set output-dir to choose)`);
    return own;
  }
  // Both names are taken: a dir nobody else can have made, private to this user.
  const fresh = await mkdtemp(`${own}-`).catch((err: unknown) => {
    throw new UserError(
      `the default ${dir} ${problem}, ${own} ${ownProblem}, and no private dir could be made beside them (${(err as NodeJS.ErrnoException).code}); set output-dir to a dir of your own`,
      { setting: 'output-dir' },
    );
  });
  log.warn(
    `the default output dir ${dir} ${problem}, and ${own} ${ownProblem}; using the new private dir ${fresh} for this run (set output-dir to choose)`,
  );
  return fresh;
}

/** Why `dir` may not hold this user's images; a missing one is made, for this user alone. */
async function outputDirProblem(dir: string, uid: number, followLink: boolean): Promise<string | undefined> {
  const look = (): Promise<Stats | undefined> => (followLink ? stat(dir) : lstat(dir)).catch(() => undefined);
  let st = await look();
  if (!st) {
    // Another user may win the race to make it; the check below then sees whose it is.
    await mkdir(dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
    st = await look();
    // Nothing there to distrust: the pull's own check says why it cannot be made.
    if (!st) return undefined;
  }
  return trustProblem(st, uid, 'directory');
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
 * A file system error met while writing an image below `outputDir`, as an error naming the input:
 * a path too long for the file system (a long output dir plus the archive's own paths), or a
 * full disk. Other errors are returned as they are.
 */
export function explainDiskError(err: unknown, outputDir: string, input = 'output-dir'): unknown {
  // The extractor and the tee wrap file system errors, keeping them as the cause.
  let e = err as (NodeJS.ErrnoException & { cause?: unknown }) | undefined;
  while (e && e.code !== 'ENAMETOOLONG' && e.code !== 'ENOSPC') e = e.cause as typeof e;
  if (!e) return err;
  if (e.code === 'ENOSPC') {
    return new UserError(
      `no space left on the device that holds ${outputDir} (${errorMessage(err)}); free some space or choose an output dir on a larger disk`,
      { cause: err, setting: input },
    );
  }
  return new UserError(
    `a path below ${outputDir} is too long for the file system` +
      `${e.path ? ` (${Buffer.byteLength(e.path)} bytes: ${e.path})` : ''}; choose a shorter output dir`,
    { cause: err, setting: input },
  );
}
