import type { PullRequest } from '../pull/pull.js';
import { ToolCache } from '../pull/tool-cache.js';
import type { LoadedRegistry } from '../registry/load.js';
import type { OpsContext } from './context.js';
import { retryPolicy } from './registry.js';
import { isSharedStore, type Settings } from './settings.js';

/**
 * What every pull of one operation shares: where images go, the caches, and the transfer policy
 * (retries, the token and the hosts it may go to, stall timeout, size cap, the stop signal).
 * Built once, so `pull` and `warm` cannot drift apart.
 */
export function pullSetup(
  settings: Settings,
  ctx: OpsContext,
  reg: Pick<LoadedRegistry, 'hosts'>,
  outputDir = settings.outputDir,
): Omit<PullRequest, 'entry' | 'spec' | 'extract'> {
  return {
    outputDir,
    sharedStore: isSharedStore(outputDir),
    toolCache: settings.toolCache && ctx.toolCacheDir ? new ToolCache(ctx.toolCacheDir) : undefined,
    actionsCache: settings.cache ? ctx.actionsCache : undefined,
    log: ctx.log,
    retry: retryPolicy(settings, ctx),
    auth: settings.token ? { token: settings.token, hosts: reg.hosts } : undefined,
    stallMs: ctx.stallMs,
    maxBytes: settings.maxSize,
    signal: ctx.signal,
    mirrors: settings.mirrors,
    mirrorsOnly: settings.mirrorsOnly,
  };
}
