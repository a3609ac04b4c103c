# Sourced by .ci/run and .ci/sanitize-and-fuzz: runs CI stages one by one and records how long
# each took in $TILDE_CI_TIMINGS, so the end of a run shows which stage is slow before it
# grows past the time limit (issue #23).
# shellcheck shell=bash

# stage NAME COMMAND...: runs COMMAND; records NAME, its seconds and its exit status.
stage() {
  local name=$1
  shift
  local started=$SECONDS
  local status=0
  echo "+ [$name] $*"
  "$@" || status=$?
  if [ -n "${TILDE_CI_TIMINGS:-}" ]; then
    printf '%s\t%d\t%d\n' "$name" $((SECONDS - started)) "$status" >>"$TILDE_CI_TIMINGS"
  fi
  return "$status"
}

# print_stage_times: the table of stages recorded so far, and their total.
print_stage_times() {
  [ -s "${TILDE_CI_TIMINGS:-}" ] || return 0
  echo
  echo "CI stages (seconds):"
  awk -F'\t' '{ total += $2; printf "  %6d  %s%s\n", $2, $1, ($3 == 0 ? "" : "  (FAILED, exit " $3 ")") }
              END { printf "  %6d  total\n", total }' "$TILDE_CI_TIMINGS"
}
