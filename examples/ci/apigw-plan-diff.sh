#!/usr/bin/env bash
# The pull-request step of github-actions-diff.yml and gitlab-ci-diff.yml:
#   examples/ci/apigw-plan-diff.sh BASE_REF [CONFIG]
# run from the folder that holds the config, inside the repository, after `npm ci`.
#  1. checks BASE_REF out into a git worktree (the same folder inside it);
#  2. runs `apigw-plan check --format json` on both versions, with the same (head's) apigw-plan;
#  3. writes the diff as a pull-request comment, apigw-plan-diff.md, and posts it, or updates the
#     comment that carries its hidden marker (GitHub Actions: gh; GitLab CI: the notes API);
#  4. gates with `apigw-plan check --diff-base`: this script exits with check's exit code
#     (0 passed · 1 a gate failed · 2 bad config · 3 AWS/environment · 4 bug).
# APIGW_PLAN overrides how apigw-plan is run; APIGW_PLAN_POST=none writes the comment without posting it.
set -u
base_ref=${1:?usage: apigw-plan-diff.sh BASE_REF [CONFIG]}
config=${2:-apigw-plan.config.yaml}
root=$(git rev-parse --show-toplevel) || exit 3
here=$(pwd -P)
rel=${here#"$(cd "$root" && pwd -P)"}
if [ -n "${APIGW_PLAN:-}" ]; then apigw=$APIGW_PLAN
elif [ -x "$root/node_modules/.bin/apigw-plan" ]; then apigw="$root/node_modules/.bin/apigw-plan"
else apigw="npx --no-install apigw-plan"; fi

work=$(mktemp -d)
cleanup() { git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
git -C "$root" worktree add --detach "$work/base" "$base_ref" >/dev/null 2>&1 || { echo "cannot check out $base_ref" >&2; exit 3; }

# 1 (a gate failed) still wrote the report; 2, 3 and 4 did not
report() { $apigw check --config "$1" --format json --output "$2" >/dev/null; local c=$?; [ "$c" -le 1 ] || exit "$c"; }
if [ -f "$work/base$rel/$config" ]; then
  (cd "$work/base$rel" && report "$config" "$work/base.json")
else
  echo "no $config in $base_ref: every figure is new" >&2
  printf '{"command":"check","costs":[],"facts":{"quotas":[],"throttle":null,"buckets":[]}}' > "$work/base.json"
fi
report "$config" "$work/head.json"
$apigw diff --base "$work/base.json" --head "$work/head.json" --format markdown --output apigw-plan-diff.md || exit $?

marker='<!-- apigw-plan-diff -->'
post_github() {
  local pr=${APIGW_PLAN_PR:-$(jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH")}
  local id
  id=$(gh api "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --paginate --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
  if [ -n "$id" ]; then gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@apigw-plan-diff.md >/dev/null
  else gh api -X POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -F body=@apigw-plan-diff.md >/dev/null; fi
}
post_gitlab() {
  local api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
  local auth="PRIVATE-TOKEN: $APIGW_PLAN_GITLAB_TOKEN" id
  id=$(curl -fsS --header "$auth" "$api?per_page=100" | jq -r ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
  if [ -n "$id" ]; then curl -fsS -X PUT --header "$auth" --data-urlencode body@apigw-plan-diff.md "$api/$id" >/dev/null
  else curl -fsS -X POST --header "$auth" --data-urlencode body@apigw-plan-diff.md "$api" >/dev/null; fi
}
if [ "${APIGW_PLAN_POST:-}" = none ]; then echo "comment written to apigw-plan-diff.md (not posted)"
elif [ "${GITHUB_ACTIONS:-}" = true ]; then post_github || echo "could not post the comment" >&2
elif [ "${GITLAB_CI:-}" = true ]; then post_gitlab || echo "could not post the comment" >&2
else echo "comment written to apigw-plan-diff.md (not in GitHub Actions or GitLab CI: not posted)"; fi

# the gates: annotations on the changed files in GitHub, the table elsewhere
format=table; [ "${GITHUB_ACTIONS:-}" = true ] && format=github
$apigw check --config "$config" --diff-base "$work/base.json" --format "$format"
