#!/usr/bin/env bash
# Publishes the CLI package (the committed bundles in dist/, action.yml, the docs) to npm for the
# release tag vX.Y.Z, which must be package.json's version: `npm install -g axvisor-image` then
# gets exactly what `uses: arceos-hypervisor/axvisor-image@vX.Y.Z` runs.
#   scripts/publish-npm.sh vX.Y.Z             publish (the release workflow; needs NODE_AUTH_TOKEN)
#   scripts/publish-npm.sh vX.Y.Z --dry-run   everything but the upload (the tests run this)
set -euo pipefail
cd "$(dirname "$0")/.."

tag="${1:-}"
mode="${2:-}"
version="$(node -p "require('./package.json').version")"
if [ "$tag" != "v$version" ]; then
  echo "publish-npm: the tag '$tag' is not v$version, the version in package.json; bump it in the release commit" >&2
  exit 1
fi
for f in dist/index.js dist/tar-guard/index.js dist/cli/index.js action.yml; do
  [ -f "$f" ] || { echo "publish-npm: $f is missing: run npm run bundle and commit dist/" >&2; exit 1; }
done
# The bundles carry every dependency: nothing runs at install time, and nothing is installed.
if [ "$mode" = "--dry-run" ]; then
  exec npm publish --dry-run --ignore-scripts --access public
fi
exec npm publish --ignore-scripts --access public
