/** One `[[images]]` entry after validation. */
export interface ImageEntry {
  name: string;
  version: string;
  description: string;
  /** 64 lowercase hex digits: the SHA-256 of the archive at `url`. */
  sha256: string;
  arch: string;
  /** Absolute URL (relative ones are resolved against the registry that lists the entry). */
  url: string;
  /** ISO 8601 / RFC 3339 instant, normalised to UTC; absent when the registry gives none. */
  releasedAt?: string;
  /** Where the entry was read: registry URL and line, for messages. */
  source: string;
}

/** An entry that failed validation: kept so an "unknown image" error can say why. */
export interface InvalidEntry {
  name?: string;
  where: string;
  problem: string;
}

/** An instant with the Rust tool's precision (chrono keeps nanoseconds). */
export interface Instant {
  /** Whole seconds since 1970-01-01T00:00:00Z. */
  secs: number;
  /** 0 to 999,999,999. */
  nanos: number;
}

/** `released_at` as read: absent, an instant, or a value this tool cannot read as one. */
export type Released = Instant | undefined | 'unreadable';

/**
 * The entry as the Rust tool keeps it once its serde parse succeeds: the strings as written and
 * `released_at` as chrono writes it back, which is what its sync puts in `images.toml`.
 */
export interface RustFields {
  name: string;
  version: string;
  released_at?: string;
  description: string;
  sha256: string;
  arch: string;
  url: string;
}

/**
 * One `[[images]]` element with a string name and version, usable or not. Merging and `latest`
 * go over these, as the Rust tool's do over every entry it parsed; one this tool cannot use is
 * still the one a lookup finds, so it is refused rather than passed over for another.
 */
export interface RegistryItem {
  name: string;
  version: string;
  /** Registry URL and line of its `[[images]]` header. */
  where: string;
  released: Released;
  /** The entry when this tool can use it. */
  entry?: ImageEntry;
  /** Why this tool cannot use it, when it cannot. */
  problem?: string;
  /** The digest and URL as written, to tell a conflicting duplicate from a repeated one. */
  identity: string;
  /** Present when the Rust tool's parse of this entry succeeds. */
  rust?: RustFields;
}

/**
 * Something the Rust tool would not accept. `parse`: its serde parse fails the whole document, so
 * any sync that reads it fails. `include`: an include URL it cannot fetch, so a sync that follows
 * it fails. `pull`: the document is read, but pulling this image fails there.
 */
export interface RustFinding {
  kind: 'parse' | 'include' | 'pull';
  /** 1-based line in the document, when known. */
  line?: number;
  /** For `include`: the URL as written. */
  ref?: string;
  /** For `pull`: the image, as `name:version`. */
  image?: string;
  /** What the Rust tool says, in its own words where it has them. */
  message: string;
}

export interface ParsedRegistry {
  url: string;
  /** Include URLs resolved against `url`, in declaration order. */
  includes: string[];
  /** Include URLs as written, in declaration order: what the Rust tool's bootstrap looks at. */
  includeRefs: { ref: string; resolved?: string }[];
  /** Includes named but not followed (a remote document naming a local file), with why. */
  refusedIncludes: { url: string; error: string }[];
  /** The usable entries, in document order. */
  images: ImageEntry[];
  invalid: InvalidEntry[];
  /** Every entry with a string name and version, usable or not, in document order. */
  items: RegistryItem[];
  rustFindings: RustFinding[];
}
