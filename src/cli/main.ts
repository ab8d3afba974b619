import { InterruptedError, UserError, errorMessage } from '../core/errors.js';
import { ConsoleLog, type Log } from '../core/log.js';
import { defaultOutputDir } from '../ops/settings.js';
import { chooseOutputDir } from '../storage/output-dir.js';
import type { OpsContext } from '../ops/context.js';
import { parseCommandLine, UsageError, type Invocation } from './args.js';
import { ls, pull, remove, sync, type Out } from './commands.js';
import { HELP } from './help.js';
import { TerminalLog } from './progress.js';
import { VERSION } from './version.js';

/**
 * Exit statuses: 0 success, 1 the work failed (network, checksum, unknown image), 2 usage error,
 * 130 interrupted by Ctrl-C (128 + SIGINT, as shells report it).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

const stdout: Out = { print: (text) => console.log(text) };

/**
 * Runs one command line and returns the exit status. An error about a setting is named as the
 * command line names it (cliMessage).
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let inv: Invocation;
  try {
    inv = parseCommandLine(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`axvisor-image: ${err.message}`);
    console.error(`Run 'axvisor-image ${err.command ? `${err.command} ` : ''}--help' for usage.`);
    return EXIT_USAGE;
  }

  if (inv.version) {
    console.log(`axvisor-image ${VERSION}`);
    return EXIT_OK;
  }
  if (inv.command === undefined) {
    (inv.help ? console.log : console.error)(HELP.main);
    return inv.help ? EXIT_OK : EXIT_USAGE;
  }
  if (inv.command === 'help' || inv.help) {
    const topic = inv.command === 'help' ? (inv.pattern ?? 'main') : inv.command;
    const text = HELP[topic === 'download' ? 'pull' : topic === 'list' ? 'ls' : topic];
    if (!text) {
      console.error(`axvisor-image: no help for '${topic}' (commands: ls, pull, rm, sync)`);
      return EXIT_USAGE;
    }
    console.log(text);
    return EXIT_OK;
  }

  // Progress goes to stderr: a live line when it is a terminal, periodic log lines otherwise.
  const log = process.stderr.isTTY ? new TerminalLog(process.stderr) : new ConsoleLog();
  // Ctrl-C during a pull stops the download, so that the pull removes its temp files before the
  // exit; a second Ctrl-C exits at once (the next run removes what is left).
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED);
    interrupt.abort(new InterruptedError());
  };
  if (inv.command === 'pull') process.on('SIGINT', onSigint);
  const interrupted = (): number => {
    console.error('interrupted; nothing left behind');
    return EXIT_INTERRUPTED;
  };
  const ctx: OpsContext = {
    // ls prints a table on stdout: its progress lines would be in the way.
    log: inv.command === 'ls' ? new QuietLog(log) : log,
    toolCacheDir: env.RUNNER_TOOL_CACHE || undefined,
    signal: interrupt.signal,
  };
  try {
    const storage = inv.settings.outputDir;
    inv.settings.outputDir = await chooseOutputDir(storage, storage === defaultOutputDir(), log);
    // `-o` names a dir of the user's own choosing; the storage dir may have moved above.
    inv.pullDir =
      inv.pullDir === storage ? inv.settings.outputDir : await chooseOutputDir(inv.pullDir, false, log);
    switch (inv.command) {
      case 'ls':
        await ls(inv, ctx, stdout);
        break;
      case 'pull':
        await pull(inv, ctx, stdout);
        break;
      case 'rm':
        await remove(inv, ctx.log, stdout);
        break;
      case 'sync':
        await sync(inv, ctx, stdout);
        break;
    }
    return interrupt.signal.aborted ? interrupted() : EXIT_OK;
  } catch (err) {
    if (err instanceof InterruptedError) return interrupted();
    if (!(err instanceof UserError))
      log.debug(err instanceof Error ? (err.stack ?? err.message) : String(err));
    console.error(`error: ${cliMessage(err)}`);
    return EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The CLI's name for a setting an error is about: its option, or what stands for the spec. */
const OPTION_FOR: Record<string, string> = {
  image: 'image spec',
  registry: '--registry',
  'fallback-registry': '--fallback-registry',
  'output-dir': '--output-dir',
  retries: '--retries',
};

/** An error as the command line names things: `--output-dir: …`, `image spec: …`. */
export function cliMessage(err: unknown): string {
  const message = errorMessage(err);
  const setting = err instanceof UserError ? err.setting : undefined;
  const option = setting && OPTION_FOR[setting];
  return option ? `${option}: ${message}` : message;
}

/** Info lines become debug lines (shown with AXVISOR_IMAGE_DEBUG); warnings stay. */
class QuietLog implements Log {
  constructor(private readonly inner: Log) {}
  info(message: string): void {
    this.inner.debug(message);
  }
  warn(message: string): void {
    this.inner.warn(message);
  }
  debug(message: string): void {
    this.inner.debug(message);
  }
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return this.inner.group(title, fn);
  }
}
