#!/usr/bin/env bash
# Moves the major tag of a release to the release's commit: v1.2.3 -> v1, so that users of
# `uses: arceos-hypervisor/axvisor-image@v1` get the release. Run by .github/workflows/release.yml
# once the release's checks have passed; see docs/releasing.md.
#
#   scripts/move-major-tag.sh [--check] [--dry-run] <release tag> [remote]
#
# --check     only validate the release tag and print its major tag; needs no repository.
# --dry-run   say what would be moved, move nothing.
# remote      where to push the major tag (default: origin). The release tag must be in the local
#             repository, with the other release tags of its major (fetch-depth: 0 in a workflow).
#
# It refuses, with a message and exit status 1:
# - anything but vX.Y.Z (no pre-releases such as v1.2.3-rc.1, no build metadata, no leading 0s);
# - a release tag that is not in the repository;
# - a release older than the newest vX.*.* tag of its major: the major tag follows the newest
#   release, so a patch release of an older line (v1.2.4 after v1.3.0) leaves v1 where it is.
set -euo pipefail

check_only=false
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check_only=true ;;
    --dry-run) dry_run=true ;;
    --) shift; break ;;
    -*) echo "move-major-tag: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: move-major-tag.sh [--check] [--dry-run] <release tag vX.Y.Z> [remote]" >&2
  exit 2
fi
tag="$1"
remote="${2:-origin}"

refuse() {
  echo "move-major-tag: $*" >&2
  exit 1
}

num='(0|[1-9][0-9]*)'
if [[ "$tag" =~ ^v${num}\.${num}\.${num}$ ]]; then
  major="v${BASH_REMATCH[1]}"
elif [[ "$tag" =~ ^v${num}\.${num}\.${num}-[0-9A-Za-z.-]+$ ]]; then
  refuse "$tag is a pre-release: only a release vX.Y.Z moves v${BASH_REMATCH[1]}"
else
  refuse "'$tag' is not a release tag vX.Y.Z (for example v1.2.3): no major tag to move"
fi

if $check_only; then
  echo "$major"
  exit 0
fi

commit="$(git rev-parse -q --verify "refs/tags/$tag^{commit}")" ||
  refuse "$tag is not a tag in this repository (fetch the tags first: git fetch --tags)"

# The newest release of this major, by version: the release must be it.
newest="$(git tag --list "$major.*" --sort=-v:refname |
  grep -E "^${major}\.${num}\.${num}$" | sed -n 1p)"
if [ "$newest" != "$tag" ]; then
  refuse "$tag is not the newest $major release ($newest is): $major stays where it is"
fi

# What the remote's major tag points at; for an annotated tag, the commit it peels to.
old="$(git ls-remote --tags "$remote" "refs/tags/$major" "refs/tags/$major^{}" |
  sort -k2 | sed -n '$p' | cut -f1)"
if [ -n "$old" ] && [ "$old" = "$commit" ]; then
  echo "$major is already at $commit ($tag)"
  exit 0
fi
echo "$major: ${old:-(new)} -> $commit ($tag)"
if $dry_run; then
  echo "dry run: nothing pushed"
  exit 0
fi

# A lightweight tag on the commit, as actions/* do: `@v1` resolves to the commit itself.
git tag --force "$major" "$commit" >/dev/null
git push --force "$remote" "refs/tags/$major:refs/tags/$major"
