// The Rust tool's registry rules, restated for the tests from its source: axbuild 0.4.7,
// src/axvisor/image/registry.rs (https://docs.rs/crate/axbuild/0.4.7/source/src/axvisor/image/registry.rs),
// storage.rs for the sync. Written apart from src/ on purpose (plain arrays, Buffer byte order,
// Date instants), so a test that compares the two can fail. Every line says what it mirrors.
import { parse, TomlDate } from 'smol-toml';

/** registry.rs `struct ImageEntry` (serde): released_at is `Option<DateTime<Utc>>`, the rest `String`. */
export interface RustEntry {
  name: string;
  version: string;
  /** Milliseconds since the epoch; undefined is `None`. */
  released_at?: number;
  description: string;
  sha256: string;
  arch: string;
  url: string;
}

/** registry.rs `struct RawRegistry { includes: Vec<IncludeEntry>, images: Vec<ImageEntry> }`, both `#[serde(default)]`. */
export interface RustRawRegistry {
  includes: string[];
  images: RustEntry[];
}

/** registry.rs `toml::from_str::<RawRegistry>`: serde fails the whole document on one bad entry. */
export function rustParse(text: string): RustRawRegistry {
  const doc = parse(text) as Record<string, unknown>; // toml::from_str
  const includes = ((doc.includes ?? []) as Record<string, unknown>[]).map((inc) => {
    if (typeof inc.url !== 'string') throw new Error('missing field `url`'); // IncludeEntry { url: String }
    return inc.url; // kept as written: nothing resolves it against the registry's URL
  });
  const images = ((doc.images ?? []) as Record<string, unknown>[]).map((e) => {
    for (const f of ['name', 'version', 'description', 'sha256', 'arch', 'url']) {
      if (e[f] === undefined) throw new Error(`missing field \`${f}\``); // serde: required String
      if (typeof e[f] !== 'string') throw new Error(`invalid type for ${f}, expected a string`); // serde: String
    }
    const r = e.released_at; // Option<DateTime<Utc>>
    if (r instanceof TomlDate)
      throw new Error('invalid type: map, expected an RFC 3339 formatted date and time string'); // toml hands a datetime over as a map
    if (r !== undefined && (typeof r !== 'string' || Number.isNaN(Date.parse(r))))
      throw new Error('bad released_at'); // chrono's parse
    const str = e as Record<string, string>; // every field checked a String above
    return {
      name: str.name!, // pub name: String
      version: str.version!, // pub version: String
      released_at: r === undefined ? undefined : Date.parse(r as string), // pub released_at: Option<DateTime<Utc>>
      description: str.description!, // pub description: String
      sha256: str.sha256!, // pub sha256: String
      arch: str.arch!, // pub arch: String
      url: str.url!, // pub url: String (other keys: ignored, no deny_unknown_fields)
    };
  });
  return { includes, images };
}

/** registry.rs `parse_registry_version`: `v<u64>.<u64>.<u64>.toml` after the last '/'. */
export function rustRegistryVersion(url: string): bigint[] | undefined {
  const fileName = url.split('/').pop() as string; // url.rsplit('/').next()
  if (!fileName.startsWith('v')) return undefined; // strip_prefix('v')?
  const rest = fileName.slice(1); // what strip_prefix('v') leaves
  if (!rest.endsWith('.toml')) return undefined; // strip_suffix(".toml")?
  const parts = rest.slice(0, -5).split('.'); // version.split('.')
  if (parts.length !== 3) return undefined; // three parts.next()?, then parts.next().is_some() => None
  if (!parts.every((p) => /^\+?\d+$/.test(p))) return undefined; // .parse::<u64>().ok()?: digits, an optional '+'
  if (parts.some((p) => BigInt(p) > 2n ** 64n - 1n)) return undefined; // u64::from_str fails past u64::MAX
  return parts.map((p) => BigInt(p)); // Some((major, minor, patch))
}

/** registry.rs `preferred_include`: the first include of the highest version, else the last include. */
export function rustPreferredInclude(includes: string[]): string | undefined {
  let best: { url: string; v: bigint[] } | undefined; // let mut best = None
  for (const url of includes) {
    const v = rustRegistryVersion(url); // let Some(version) = parse_registry_version(..) else continue
    if (!v) continue; // else { continue }
    const greater =
      !best ||
      v[0]! > best.v[0]! ||
      (v[0] === best.v[0] && (v[1]! > best.v[1]! || (v[1] === best.v[1] && v[2]! > best.v[2]!))); // version > best_version (tuple order)
    if (greater) best = { url, v }; // best = Some((include, version))
  }
  return best?.url ?? includes[includes.length - 1]; // best.map(..).or_else(|| includes.last())
}

/** registry.rs `resolve_bootstrap_source` when the default registry answers: its preferred include, else itself. */
export function rustBootstrapSource(docs: Map<string, string>, defaultUrl: string): string {
  const raw = rustParse(docs.get(defaultUrl) as string); // toml::from_str(&body) (fails the sync if it fails)
  return rustPreferredInclude(raw.includes) ?? defaultUrl; // if let Some(include) = preferred_include(..) else default_url
}

/** registry.rs `fetch_with_includes`: breadth-first from `url`, each URL once, then `merge_entries`. */
export function rustFetchWithIncludes(docs: Map<string, string>, url: string): RustEntry[] {
  const sources: RustEntry[][] = []; // let mut all_sources = Vec::new()
  const queue = [url]; // VecDeque::from([url])
  const seen = new Set<string>(); // HashSet::new()
  while (queue.length > 0) {
    const current = queue.shift() as string; // queue.pop_front()
    if (seen.has(current)) continue; // if !seen.insert(..) { continue }
    seen.add(current); // (the insert of seen.insert)
    const body = docs.get(current); // fetch_text(client, &current_url).await?
    if (body === undefined) throw new Error(`fetch ${current} failed`); // `?`: the whole sync fails
    const raw = rustParse(body); // toml::from_str::<RawRegistry>(&body)?
    sources.push(raw.images); // all_sources.push(raw.images)
    queue.push(...raw.includes); // for include in raw.includes { queue.push_back(include.url) }
  }
  return rustMergeEntries(sources); // ImageRegistry { images: merge_entries(all_sources) }
}

/** Rust's `str` order: by UTF-8 bytes. */
function strCmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')); // <str as Ord>::cmp
}

/** registry.rs `merge_entries`: first per (name, version) kept, then sorted by (name, version) as str. */
export function rustMergeEntries(sources: RustEntry[][]): RustEntry[] {
  const byKey = new Map<string, RustEntry>(); // HashMap<(String, String), ImageEntry>
  for (const entries of sources) {
    for (const e of entries) {
      const key = JSON.stringify([e.name, e.version]); // (entry.name.clone(), entry.version.clone())
      if (!byKey.has(key)) byKey.set(key, e); // by_key.entry(key).or_insert(entry)
    }
  }
  return [...byKey.values()].sort((a, b) => strCmp(a.name, b.name) || strCmp(a.version, b.version)); // sort_by((name, version).cmp)
}

/** registry.rs `ImageRegistry::find`. */
export function rustFind(images: RustEntry[], name: string, version?: string): RustEntry | undefined {
  if (version !== undefined) return images.find((e) => e.name === name && e.version === version); // Some(version) => .find(..)
  let best: RustEntry | undefined; // None => .filter(name).max_by(released_at.cmp)
  for (const e of images.filter((x) => x.name === name)) {
    // .filter(|entry| entry.name == spec.name), in the stored order
    // Iterator::max_by returns the last of several equal maxima; Option orders None before Some.
    if (best === undefined || optionCmp(e.released_at, best.released_at) >= 0) best = e;
  }
  return best; // None when no entry has that name
}

/** `Option<DateTime<Utc>>::cmp`: None before any Some, then by instant. */
function optionCmp(a: number | undefined, b: number | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1; // None == None, None < Some
  return b === undefined ? 1 : a - b; // Some > None; Some(a).cmp(Some(b)) = a.cmp(b)
}

/** storage.rs `new_from_registry` with a default registry that answers: bootstrap, fetch, merge. */
export function rustSync(docs: Map<string, string>, defaultUrl: string): RustEntry[] {
  return rustFetchWithIncludes(docs, rustBootstrapSource(docs, defaultUrl)); // fetch_with_includes(&client, &source.url)
}

/** storage.rs `Storage::new` / registry.rs `load_from_file`: images.toml read back as-is, no re-sorting. */
export function rustLoadImagesToml(text: string): RustEntry[] {
  const doc = parse(text) as Record<string, unknown>; // toml::from_str::<ImageRegistry>(&s)
  if (!Array.isArray(doc.images)) throw new Error('missing field `images`'); // ImageRegistry { images: Vec<ImageEntry> } (no default)
  return rustParse(text).images; // each entry deserialised as ImageEntry
}
