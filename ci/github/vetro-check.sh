#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): vetro check over the SQL files changed since the
# base, a SARIF report for code scanning, and optionally the integration guide's HTTP API loop.
# Writes exit-code and sarif-file to $GITHUB_OUTPUT and exits 0, so that the SARIF upload runs
# before the action's last step fails the job with exit-code.
#
# Inputs (environment): VETRO_CMD, VETRO_BASE, VETRO_PATHS, VETRO_POLICY, VETRO_DIALECT,
# VETRO_SARIF, VETRO_API_URL, VETRO_API_KEY, VETRO_DATABASE_ID; GitHub's GITHUB_BASE_REF,
# GITHUB_EVENT_NAME, GITHUB_OUTPUT.
set -uo pipefail
here="$(cd "${BASH_SOURCE[0]%/*}" && pwd)"
vetro="${VETRO_CMD:-$here/../../bin/vetro}"
sarif="${VETRO_SARIF:-vetro.sarif}"
output="${GITHUB_OUTPUT:-/dev/null}"

base="${VETRO_BASE:-}"
if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  base="origin/$GITHUB_BASE_REF" # a pull request: everything since its base branch
fi
if [ -z "$base" ] && git rev-parse -q --verify 'HEAD^' >/dev/null; then
  base='HEAD^' # a push: the last commit
fi

args=(check)
[ -n "${VETRO_POLICY:-}" ] && args+=(--policy "$VETRO_POLICY")
[ -n "${VETRO_DIALECT:-}" ] && args+=(--dialect "$VETRO_DIALECT")
[ -n "$base" ] && args+=(--changed "$base")
read -r -a paths <<<"${VETRO_PATHS:-}"

echo "vetro: checking SQL files changed since ${base:-the beginning} ${paths[*]:-}"
"$vetro" "${args[@]}" "${paths[@]}"
code=$?
if [ "$code" -le 1 ]; then
  "$vetro" "${args[@]}" --format sarif "${paths[@]}" >"$sarif"
  # the same files, as the HTTP API sees them (the guide's loop), when a control plane is given
  if [ -n "${VETRO_API_URL:-}" ] && [ -n "${VETRO_API_KEY:-}" ]; then
    files="$(mktemp)"
    "$vetro" "${args[@]}" --format json "${paths[@]}" | jq -r '[.results[].file] | unique | .[]' >"$files"
    while IFS= read -r f; do
      [ -n "$f" ] || continue
      body="$(jq -n --rawfile q "$f" --arg db "${VETRO_DATABASE_ID:-}" \
        '{query: $q, database_id: $db, dialect: "postgres"}')"
      # --retry: a control plane past capacity answers 503 with Retry-After (api-node README,
      # "Shedding load"); curl waits as told and tries again.
      decision="$(curl -sS --retry 5 -H "Authorization: Bearer $VETRO_API_KEY" -H 'Content-Type: application/json' \
        -d "$body" "$VETRO_API_URL/api/v1/proxy/query" | jq -r '.decision // ("error: " + (.error // "no answer"))')"
      echo "vetro API: $f $decision"
      case "$decision" in
        ALLOWED | FLAGGED) ;;
        BLOCKED) code=1 ;;
        *) code=2 ;;
      esac
    done <"$files"
    rm -f "$files"
  fi
fi
echo "exit-code=$code" >>"$output"
echo "sarif-file=$sarif" >>"$output"
exit 0
