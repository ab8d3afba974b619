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

export interface ParsedRegistry {
  url: string;
  includes: string[];
  /** Includes named but not followed (a remote document naming a local file), with why. */
  refusedIncludes: { url: string; error: string }[];
  images: ImageEntry[];
  invalid: InvalidEntry[];
}
