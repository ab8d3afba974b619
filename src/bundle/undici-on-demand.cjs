'use strict';
// What the bundles get for `undici` (tsconfig.json "paths"). @actions/http-client imports it at
// load for one class, ProxyAgent, which it builds only in getAgentDispatcher; nothing here calls
// that. Loading undici costs start-up time and memory (docs/architecture.md, "undici on demand").
let undici;
class ProxyAgent {
  constructor(...args) {
    // A static require: the action's bundle packs undici and evaluates it on first use; the CLI's
    // leaves it external (scripts/bundle.mjs), as the CLI never gets here.
    undici ??= require('undici/index.js');
    return new undici.ProxyAgent(...args);
  }
}
module.exports = { ProxyAgent };
