#!/usr/bin/env bash
# Runs the pipelines' commands as CI would, after `npm run build`, from any folder:
#  1. the exit code each situation gives (a pipeline step fails on any non-zero exit);
#  2. the pull-request path of github-actions.yml and gitlab-ci.yml: main writes the baseline where
#     the config points, a pull request restores it and is compared with it, and the annotations
#     name the config relative to the repository root.
# APIGW_PLAN overrides how apigw-plan is run (default: this repository's bin/apigw-plan.js).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -n "${APIGW_PLAN:-}" ]; then apigw() { $APIGW_PLAN "$@"; }
else apigw() { node "$root/bin/apigw-plan.js" "$@"; }; fi
failed=0
out=$(mktemp)
run() {
  local want=$1; shift
  "$@" >"$out" 2>&1; local got=$?
  printf '%-78s exit %s (expected %s)\n' "$*" "$got" "$want"
  [ "$got" = "$want" ] || failed=1
}
expect_output() {
  if grep -qF -- "$1" "$out"; then printf '  output has: %s\n' "$1"; else printf '  MISSING in output: %s\n' "$1"; cat "$out"; failed=1; fi
}
tmp=$(mktemp -d)

# 1. exit codes
run 0 apigw check --config "$root/examples/apigw-plan.config.json" --format github
printf '{"estimate":{"requests":"50M"},"gates":{"monthlyBudget":{"level":"error","maxUsd":"10.00"}}}' > "$tmp/fail.json"
run 1 apigw check --config "$tmp/fail.json" --format junit --output "$tmp/junit.xml"
printf '{"gates":{"monthlyBudget":{"level":"fatal"}}}' > "$tmp/bad.json"
run 2 apigw check --config "$tmp/bad.json"
run 3 apigw check --config "$root/examples/apigw-plan.config.json" --output /nonexistent-dir/out.json

# 2. the pull-request path, in a repository of its own
repo="$tmp/repo"; mkdir "$repo"; cd "$repo" || exit 1
export GITHUB_WORKSPACE="$repo"
run 0 apigw init --requests 50M
# on main (push): the gate, then the baseline the cache (GitHub) or artifact (GitLab) keeps
run 0 apigw check --format github
run 0 apigw check --write-baseline --format json --output apigw-plan-check.json
mv apigw-plan.baseline.json "$tmp/kept-baseline.json"
# a pull request doubles the traffic; before the baseline is restored, growth is skipped, never passed
sed -i 's/requests: 50M/requests: 100M/' apigw-plan.config.yaml
run 0 apigw check --format markdown
expect_output 'skipped | no baseline'
# restored from main: growth is measured and annotated on the config, relative to the repository
cp "$tmp/kept-baseline.json" apigw-plan.baseline.json
run 0 apigw check --format github
expect_output '::warning file=apigw-plan.config.yaml,title=apigw-plan / Growth against baseline::'
run 1 apigw check --format github --strict
run 1 apigw check --format junit --output apigw-plan-junit.xml --strict
cd "$root" || exit 1
rm -rf "$tmp" "$out"
exit $failed
