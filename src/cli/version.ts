import pkg from '../../package.json' with { type: 'json' };

/** The version this CLI was built from, as its package says (bundled in, so it needs no file). */
export const VERSION: string = pkg.version;
