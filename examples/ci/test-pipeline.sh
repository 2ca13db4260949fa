#!/usr/bin/env bash
# Exercises the exit codes as the pipelines above would: run from the repository root after `npm run build`.
# A pipeline step fails on any non-zero exit; this script shows which code each situation gives.
set -u
cd "$(dirname "$0")/../.."
run() { local want=$1; shift; "$@" >/dev/null 2>&1; local got=$?; printf '%-70s exit %s (expected %s)\n' "$*" "$got" "$want"; [ "$got" = "$want" ] || failed=1; }
failed=0
tmp=$(mktemp -d)
run 0 node bin/apigw-plan.js check --config examples/apigw-plan.config.json --format github
printf '{"estimate":{"requests":"50M"},"gates":{"monthlyBudget":{"level":"error","maxUsd":"10.00"}}}' > "$tmp/fail.json"
run 1 node bin/apigw-plan.js check --config "$tmp/fail.json" --format junit --output "$tmp/junit.xml"
printf '{"gates":{"monthlyBudget":{"level":"fatal"}}}' > "$tmp/bad.json"
run 2 node bin/apigw-plan.js check --config "$tmp/bad.json"
run 3 node bin/apigw-plan.js check --config examples/apigw-plan.config.json --output /nonexistent-dir/out.json
rm -rf "$tmp"
exit $failed
