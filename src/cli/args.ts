import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_SIZE,
  DEFAULT_REGISTRY,
  defaultOutputDir,
  fallbackFor,
  mirrorsFrom,
  isNoFallback,
  type Settings,
} from '../ops/settings.js';
import type { Mirror } from '../pull/mirrors.js';
import { parseIntInRange } from '../ops/setting-values.js';
import { UserError, errorMessage } from '../core/errors.js';
import { parseSpec, type ImageSpec } from '../registry/spec.js';

/** A mistake in the command line itself: exit status 2, and a pointer to the help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliCommand = 'ls' | 'pull' | 'rm' | 'sync' | 'help';

const OPTIONS = {
  registry: { type: 'string', multiple: true },
  'fallback-registry': { type: 'string' },
  'output-dir': { type: 'string' },
  retries: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  verbose: { type: 'boolean', short: 'v' },
  output: { type: 'string', short: 'o' },
  'no-extract': { type: 'boolean' },
  mirror: { type: 'string', multiple: true },
  'mirrors-only': { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

const GLOBAL: OptionName[] = ['registry', 'fallback-registry', 'output-dir', 'retries', 'help', 'version'];
const OWN: Record<CliCommand, OptionName[]> = {
  ls: ['verbose'],
  pull: ['output', 'no-extract', 'mirror', 'mirrors-only'],
  rm: [],
  sync: [],
  help: [],
};
const ALIASES: Record<string, CliCommand> = {
  ls: 'ls',
  list: 'ls',
  pull: 'pull',
  download: 'pull',
  rm: 'rm',
  remove: 'rm',
  sync: 'sync',
  help: 'help',
};

/** What to run: the command, its operands, and the settings shared by every command. */
export interface Invocation {
  /** undefined: no command given. */
  command?: CliCommand;
  help: boolean;
  /** `--version`: print the version and stop. */
  version: boolean;
  /** ls: the pattern; help: the command asked about. */
  pattern?: string;
  specs: ImageSpec[];
  verbose: boolean;
  /** pull: where images go (the storage dir unless -o). */
  pullDir: string;
  /** The settings every operation takes. */
  settings: Settings;
}

/**
 * Parses the command line. Options may come before or after the command; an option another
 * command owns, a missing or extra operand, or a malformed spec is a UsageError.
 */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): Invocation {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(errorMessage(err), commandIn(argv));
  }
  const { values, positionals } = parsed;
  const [word, ...operands] = positionals;
  const command = word === undefined ? undefined : ALIASES[word];
  if (word !== undefined && command === undefined) {
    throw new UsageError(`unknown command '${word}' (commands: ls, pull, rm, sync, help)`);
  }

  const given = (Object.keys(values) as OptionName[]).filter((k) => values[k] !== undefined);
  for (const opt of given) {
    if (GLOBAL.includes(opt)) continue;
    if (!command || !OWN[command].includes(opt)) {
      const flag = OPTIONS[opt] && 'short' in OPTIONS[opt] ? `-${OPTIONS[opt].short}/--${opt}` : `--${opt}`;
      throw new UsageError(
        `option ${flag} does not apply to ${command ? `'${command}'` : 'no command'}`,
        command,
      );
    }
  }

  const help = values.help === true;
  const arity = (min: number, max: number, what: string): void => {
    if (help || values.version === true) return;
    if (operands.length < min) throw new UsageError(`'${command}' needs ${what}`, command);
    if (operands.length > max)
      throw new UsageError(`'${command}' takes ${what}, not '${operands.slice(max).join(' ')}'`, command);
  };
  let specs: ImageSpec[] = [];
  let pattern: string | undefined;
  switch (command) {
    case 'ls':
      arity(0, 1, 'at most one pattern');
      pattern = operands[0];
      break;
    case 'pull':
    case 'rm':
      arity(1, Infinity, 'an image spec (name or name:version)');
      specs = operands.map((text) => {
        try {
          return parseSpec(text, 'spec');
        } catch (err) {
          throw new UsageError(errorMessage(err), command);
        }
      });
      break;
    case 'sync':
      arity(0, 0, 'no operands');
      break;
    case 'help':
      arity(0, 1, 'at most one command name');
      pattern = operands[0];
      break;
  }

  const registries = values.registry ?? [];
  const fallback = values['fallback-registry'];
  const storage = resolve(values['output-dir'] ?? defaultOutputDir());
  let retries: number;
  try {
    retries = parseIntInRange(values.retries ?? '', 'retries', 3, 0, 20);
  } catch (err) {
    throw new UsageError(`--retries: ${errorMessage(err)}`, command);
  }
  let mirrors: Mirror[] = [];
  try {
    // Only a pull downloads: a bad mirror in the environment does not stop `ls`.
    if (command === 'pull') mirrors = mirrorsFrom((values.mirror ?? []).join('\n'), env, '--mirror');
  } catch (err) {
    const setting = err instanceof UserError ? err.setting : undefined;
    throw new UsageError(`${setting ?? '--mirror'}: ${errorMessage(err)}`, command);
  }
  const settings: Settings = {
    images: specs,
    registries: registries.length > 0 ? registries : [DEFAULT_REGISTRY],
    fallbackRegistry: fallbackFor(registries, fallback),
    noFallback: isNoFallback(fallback),
    outputDir: storage,
    extract: values['no-extract'] !== true,
    cache: false,
    toolCache: true,
    arch: [],
    filter: undefined,
    retries,
    token: undefined,
    maxSize: DEFAULT_MAX_SIZE,
    // One at a time: each image's lines stay together on the terminal.
    concurrency: 1,
    mirrors,
    mirrorsOnly: values['mirrors-only'] === true,
  };
  return {
    command,
    help,
    version: values.version === true,
    pattern,
    specs,
    verbose: values.verbose === true,
    pullDir: values.output ? resolve(values.output) : storage,
    settings,
  };
}

/** The command named in an argument list that failed to parse, for the help pointer. */
function commandIn(argv: string[]): string | undefined {
  const word = argv.find((a) => !a.startsWith('-'));
  return word ? ALIASES[word] : undefined;
}
