#!/usr/bin/env bash
# Re-fetch the vendored Apache ECharts (static/vendor/echarts/) from the npm registry at the pinned version.
# The site serves this copy itself; no page ever loads a chart library from a CDN.
#   bash scripts/fetch_echarts.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ECHARTS_VERSION="6.1.0"
# `npm view echarts@6.1.0 dist.integrity`: the tarball is refused if it differs.
ECHARTS_INTEGRITY="sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
TARGET="static/vendor/echarts"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@${ECHARTS_VERSION}" --silent >/dev/null)
tarball="$work/echarts-${ECHARTS_VERSION}.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$ECHARTS_INTEGRITY" ]; then
    echo "echarts-${ECHARTS_VERSION}.tgz: integrity $actual, expected $ECHARTS_INTEGRITY" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$work"
mkdir -p "$TARGET"
cp "$work/package/dist/echarts.min.js" "$TARGET/echarts.min.js"
cp "$work/package/LICENSE" "$TARGET/LICENSE"
cp "$work/package/NOTICE" "$TARGET/NOTICE"
cp "$work/package/licenses/LICENSE-d3" "$TARGET/LICENSE-d3"
echo "$ECHARTS_VERSION" > "$TARGET/VERSION"
echo "echarts ${ECHARTS_VERSION} -> ${TARGET}/echarts.min.js ($(wc -c <"$TARGET/echarts.min.js") bytes)"
