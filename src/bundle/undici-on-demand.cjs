'use strict';
// What the bundles get for `undici` (tsconfig.json "paths"). @actions/http-client imports it at
// load for one class, ProxyAgent, which it builds only in getAgentDispatcher; nothing here calls
// that. Loading undici costs start-up time and memory (docs/architecture.md, "undici left out").
let undici;
class ProxyAgent {
  constructor(...args) {
    // The bundles leave this require external (scripts/bundle.mjs): nothing they hold gets here.
    undici ??= require('undici/index.js');
    return new undici.ProxyAgent(...args);
  }
}
module.exports = { ProxyAgent };
