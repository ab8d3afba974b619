// The esbuild side of tsconfig.json's "paths" entry for `undici`, which ncc applies to the
// action's bundles: esbuild applies "paths" only to the project's own files, and the import to
// redirect is in @actions/http-client. Used where tests and the bench bundle the action's code.
import { fileURLToPath } from 'node:url';

const shim = fileURLToPath(new URL('../src/bundle/undici-on-demand.cjs', import.meta.url));

export const undiciOnDemand = {
  name: 'undici-on-demand',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: shim }));
  },
};
