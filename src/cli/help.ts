/** Help texts, one per command; `axvisor-image <command> --help` prints the command's. */

const GLOBAL_OPTIONS = `Options for every command:
  --registry URL           registry to read (http(s) URL, file:// URL or path); repeat for several:
                           specs resolve as cargo xtask image would in the first, then in all.
                           Default: the axvisor-guest registry/default.toml
  --fallback-registry URL  read in place of the first --registry when it cannot be ("none": no
                           fallback, and no saved copy either). Default: the axvisor-guest
                           registry/v0.0.26.toml, only when --registry is not given
  --output-dir DIR         local storage: pulled images, this tool's saved registries, and the
                           Rust tool's images.toml. Default: <temp dir>/.axvisor-images, as
                           cargo xtask image uses
  --retries N              attempts per network fetch beyond the first (default 3)
  -h, --help               show help
  -V, --version            show the version`;

export const HELP: Record<string, string> = {
  main: `axvisor-image: fetch, verify and extract AxVisor / ArceOS guest images from a TOML registry

Usage: axvisor-image <command> [options]

Commands:
  ls [-v] [pattern]                    list the images in the registry
  pull <spec>... [-o dir] [--no-extract]
                                       download, verify and extract images (alias: download)
  rm <spec>...                         remove pulled images from the local storage
  sync                                 fetch the registry again and save it
  help [command]                       show help for a command

A spec is 'name' (the latest version) or 'name:version', e.g. qemu_aarch64_linux:0.0.25.

${GLOBAL_OPTIONS}

Environment: RUNNER_TOOL_CACHE (a persistent cache of verified archives, shared with the
GitHub Action), AXVISOR_IMAGE_MIRRORS (image mirrors, one per line, when no --mirror is given),
AXVISOR_IMAGE_DEBUG=1 (debug log).
Exit status: 0 success, 1 failure (network, checksum, unknown image), 2 usage error,
130 interrupted (Ctrl-C; a pull removes its temp files first).`,

  ls: `Usage: axvisor-image ls [-v] [pattern] [options]

Lists the images in the registry: one row per name with the architecture and description of the
version 'pull name' takes ("N versions" when there are several), or with -v every version any
'pull name:version' can take.

  pattern        regular expression on the name (a plain substring when it is not a valid regex)
  -v, --verbose  one row per version

${GLOBAL_OPTIONS}`,

  pull: `Usage: axvisor-image pull <spec>... [-o dir] [--no-extract] [options]

Downloads each image (unless a verified copy is already there or in RUNNER_TOOL_CACHE), checks
its SHA-256 against the registry and extracts it to <dir>/<name> (or <dir>/<name>-<version> when
the spec names a version), beside the archive.

  -o, --output DIR   where the archive and the extracted image go (default: the --output-dir storage)
  --no-extract       keep only the verified archive
  --mirror M         try this source before the registry's URL; repeat for several, tried in order.
                     'PREFIX => REPLACEMENT' rewrites a URL prefix; a URL with {sha256}, {name},
                     {version}, {arch}, {file} or {ext} is a template. Each is checked against the
                     digest; one that fails is a warning. Default: $AXVISOR_IMAGE_MIRRORS
  --mirrors-only     never fetch the registry's URL, only the mirrors

${GLOBAL_OPTIONS}`,

  rm: `Usage: axvisor-image rm <spec>... [options]

Removes an image's archive and extracted directory from the local storage (--output-dir).
'name' removes what 'pull name' made, 'name:version' what 'pull name:version' made. Nothing
there is not an error.

${GLOBAL_OPTIONS}`,

  sync: `Usage: axvisor-image sync [options]

Fetches the registry (with its includes) again and saves what it read for this registry input
in the local storage, for when no registry can be reached later. images.toml and .last_sync, the
Rust tool's, are written only as cargo xtask image sync would write them (from the built-in
registry); otherwise they are left as they are, and the output says why. Fails when no registry
can be read, or what was read cannot be saved.

${GLOBAL_OPTIONS}`,

  help: `Usage: axvisor-image help [command]

Shows the help of a command, or the list of commands.`,
};
