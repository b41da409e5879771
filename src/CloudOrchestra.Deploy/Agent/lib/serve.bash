# shellcheck shell=bash
# Several calls in one process: batch (from its arguments) and serve (a long-lived session reading calls on stdin, its
# wire format in docs/agent-protocol.md, the one description of it).

# Each call is COUNT words, its verb and arguments. One ssh round trip, one bash.
cmd_batch() {                       # batch COUNT WORD... [COUNT WORD...]...: calls in order, stopping at the first that fails
  local count
  while (( $# > 0 )); do
    count="$1"; shift
    if ! [[ "$count" =~ ^[1-9][0-9]*$ ]] || (( count > $# )); then die "batch: bad word count '$count'"; fi
    dispatch "${@:1:count}"
    shift "$count"
  done
}

# One ssh session instead of one each: calls and replies as docs/agent-protocol.md says. Each call runs in a subshell,
# its output and errors gathered in files and sent as its reply. The session records itself (run/serve-PID.pid), so
# that a stop can end a session left behind.
cmd_serve() {                       # serve: calls read from stdin, one after another, until it ends
  local count word words i out err rc start
  # shellcheck disable=SC2034  # stopped_process names it; only whether one is counts here
  local stopped
  local replies="run/serve.$$"
  starttime start "$$"
  printf '%s %s\n' "$$" "$start" > "run/serve-$$.pid"
  # shellcheck disable=SC2064
  trap "rm -f '$replies.out' '$replies.err' 'run/serve-$$.pid'" EXIT
  while IFS= read -r -d '' count; do
    [[ "$count" =~ ^[1-9][0-9]{0,5}$ ]] || die "serve: bad word count '$count'"
    words=()
    for (( i = 0; i < count; i++ )); do IFS= read -r -d '' word || exit 0; words+=("$word"); done
    # The JACK helper is opened here, not in the call's subshell: its client then serves every later call.
    if [[ "${words[0]}" != stop ]] && alive jackd && ! stopped_process stopped; then jops_open || true; fi
    set +e
    ( set -e; dispatch "${words[@]}" ) < /dev/null > "$replies.out" 2> "$replies.err"
    rc=$?
    set -e
    out="" err=""
    IFS= read -r -d '' out < "$replies.out" || true     # all of it, up to a NUL byte (which no reply carries)
    IFS= read -r -d '' err < "$replies.err" || true
    reply "$rc" "$out" "$err"
  done
}

# reply RC OUT ERR: one reply of serve (docs/agent-protocol.md); its texts' lengths are counted in bytes (LC_ALL=C).
reply() {
  local LC_ALL=C
  printf 'orchestra-agent-reply/2 %s %s %s\n%s%s' "$1" "${#2}" "${#3}" "$2" "$3"
}

# serve_sessions_end: ends the other sessions of this deployment's agent (an 'up' that was killed leaves its machines'
# sessions running their last call), so that a stop leaves nothing of the deployment behind.
serve_sessions_end() {
  local file pid start now pgrp
  for file in run/serve-*.pid; do
    [[ -f "$file" ]] || continue
    read -r pid start < "$file" || continue
    [[ "$pid" != "$$" ]] || continue
    starttime now "$pid" "" pgrp
    if [[ -n "$now" && "$now" == "$start" ]]; then
      # A session that ssh started leads its own process group, with the call it is running: end them together.
      if [[ "$pgrp" == "$pid" ]]; then kill -TERM -- "-$pid" 2> /dev/null || true; else kill -TERM "$pid" 2> /dev/null || true; fi
    fi
    rm -f "$file"
  done
}
