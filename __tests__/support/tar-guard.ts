import { fileURLToPath } from 'node:url';
import { childScript } from './child-script.js';

/**
 * The options that give the Actions cache adapter the tar guard (src/action/tar-guard.ts) as
 * one plain script, as the action's bundle ships it in dist/tar-guard/index.js.
 */
export const guarded = (): { tarGuard: string } => ({
  tarGuard: childScript(fileURLToPath(new URL('../../src/action/tar-guard.ts', import.meta.url))),
});
