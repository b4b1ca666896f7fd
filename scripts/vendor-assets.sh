#!/usr/bin/env bash
# Re-vendor the front-end packages pinned in package.json into overgang/static/vendor.
# The built files are committed, so neither `make run` nor CI needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "dkfds@$(node -p "require('$PWD/package.json').dependencies.dkfds")" \
  "htmx.org@$(node -p "require('$PWD/package.json').dependencies['htmx.org']")" \
  "chart.js@$(node -p "require('$PWD/package.json').dependencies['chart.js']")" >/dev/null)
mkdir -p "$work/dkfds" "$work/htmx" "$work/chartjs"
tar xzf "$work"/dkfds-*.tgz -C "$work/dkfds" --strip-components=1
tar xzf "$work"/htmx.org-*.tgz -C "$work/htmx" --strip-components=1
tar xzf "$work"/chart.js-*.tgz -C "$work/chartjs" --strip-components=1
out=overgang/static/vendor
rm -rf "$out" && mkdir -p "$out/dkfds/css" "$out/dkfds/js" "$out/dkfds/fonts/IBMPlexSans/complete" "$out/htmx" "$out/chartjs"
cp "$work/dkfds/dist/css/dkfds.min.css" "$out/dkfds/css/"
cp "$work/dkfds/dist/js/dkfds.min.js" "$out/dkfds/js/"
cp -r "$work/dkfds/dist/img" "$out/dkfds/"
cp "$work/dkfds/dist/LICENSE.md" "$out/dkfds/"
for kind in woff2 woff; do cp -r "$work/dkfds/dist/fonts/IBMPlexSans/complete/$kind" "$out/dkfds/fonts/IBMPlexSans/complete/"; done
# The stylesheet also names these two as old-browser fallbacks.
for f in eot/IBMPlexSans-Regular.eot ttf/IBMPlexSans-Regular.ttf; do
  mkdir -p "$out/dkfds/fonts/IBMPlexSans/complete/$(dirname "$f")"
  cp "$work/dkfds/dist/fonts/IBMPlexSans/complete/$f" "$out/dkfds/fonts/IBMPlexSans/complete/$f"
done
cp "$work/htmx/dist/htmx.min.js" "$out/htmx/"
cp "$work/htmx/LICENSE" "$out/htmx/"
cp "$work/chartjs/dist/chart.umd.min.js" "$work/chartjs/LICENSE.md" "$out/chartjs/"
echo "vendored into $out"
