# shellcheck shell=bash
# Questions to the deployment's JACK server: the JACK helper (jack-ops.c) as a coprocess, with JACK's own tools where
# it cannot run; the ports, the connections, connecting and disconnecting, and watching port registrations.

# The JACK helper (jack-ops.c, see there): one JACK client, the coprocess JOPS, for all of this agent's questions to
# its JACK server, where JACK's tools are a client each (each costs the server a copy of its whole graph). Where it
# cannot be built here (no C compiler or C headers: JOPS_STATE "tools"), or has gone, JACK's own tools answer instead.
# Its pipes are copied to plain descriptors JOPS_IN and JOPS_OUT: a coprocess's own are closed in subshells, and `serve`
# runs each call in one. Programs the agent starts do not get them (child_fds_close), or the helper would outlive the agent.
JOPS_STATE="" JOPS_HELPER="" JOPS_IN="" JOPS_OUT=""
jops_open() {
  local helper start
  # shellcheck disable=SC2034  # build_c says there why it failed; here JACK's tools answer instead
  local errors
  if [[ "$JOPS_STATE" == up ]]; then starttime start "$JOPS_HELPER"; [[ -z "$start" ]] || return 0; jops_stop; fi
  [[ "$JOPS_STATE" == tools ]] && return 1
  build_c helper errors jack-ops.c || { JOPS_STATE=tools; return 1; }
  coproc JOPS { child_fds_close; exec "$helper" 2> /dev/null; }
  JOPS_HELPER="$JOPS_PID"
  exec {JOPS_IN}<&"${JOPS[0]}" {JOPS_OUT}>&"${JOPS[1]}"
  local line=""
  IFS= read -r -t 10 -u "$JOPS_IN" line || true
  if [[ "$line" == ready ]]; then JOPS_STATE=up; return 0; fi
  jops_stop
  return 1                                     # no JACK server (yet): the caller's check says so
}

# jops LINES_VAR REQUEST ARG...: one request to the helper; its lines in the array LINES_VAR. Fails (1) when it answers
# an error (the request's, which the caller reports in its own words), or (2) when the helper has gone.
jops() {
  local _jo_in="$JOPS_IN" _jo_out="$JOPS_OUT" _jo_line _jo_rc=0
  local -n _jo_lines=$1; shift
  _jo_lines=()
  if [[ -n "$_jo_in" && -n "$_jo_out" ]]; then
    trap '' PIPE                                # a helper gone is an error here, not the end of the agent
    local IFS=$'\t'
    printf '%s\n' "$*" 1>&"$_jo_out" 2> /dev/null || _jo_rc=2
    trap - PIPE
    while (( _jo_rc == 0 )) && IFS= read -r -t 5 -u "$_jo_in" _jo_line; do
      case "$_jo_line" in
      ok) return 0 ;;
      error$'\t'*) return 1 ;;
      *) _jo_lines+=("$_jo_line") ;;
      esac
    done
  fi
  jops_stop                                     # gone, or held up by its server for 5 s: it must not linger
  return 2
}

# jops_stop: ends the helper (it closes its client first), before its server stops.
jops_stop() {
  local pid="$JOPS_HELPER" i start
  [[ -z "$JOPS_IN" ]] || exec {JOPS_IN}<&-
  [[ -z "$JOPS_OUT" ]] || exec {JOPS_OUT}>&-
  JOPS_STATE="" JOPS_HELPER="" JOPS_IN="" JOPS_OUT=""
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for (( i = 0; i < 100; i++ )); do starttime start "$pid"; [[ -n "$start" ]] || return 0; nap 0.02; done
  kill -KILL "$pid" 2> /dev/null || true
}

# jops_ask LINES_VAR REQUEST ARG...: the helper's answer, as jops gives it, when it runs; else fails (2): JACK's tools
# must answer.
jops_ask() { jops_open || return 2; jops "$@"; }

# jack_tool PROGRAM ARG...: one of JACK's tools, given 5 s: a server held up by a client that does not answer (one stopped
# by a signal) holds up every client that opens, and a tool must not hang the agent with it.
jack_tool() { timeout -k 1 5 "$@" 2> /dev/null; }

# list_ports LISTING_VAR: sets LISTING_VAR to every JACK port, one per line; fails when the server cannot be asked.
list_ports() {
  local _lp_lines=() _lp_line _lp_rc=0
  local -n _lp_listing=$1
  _lp_listing=""
  jops_ask _lp_lines ports || _lp_rc=$?
  (( _lp_rc == 2 )) || {
    for _lp_line in "${_lp_lines[@]}"; do _lp_listing+="${_lp_line#p$'\t'}"$'\n'; done
    return "$_lp_rc"
  }
  _lp_listing="$(jack_tool jack_lsp)"
}

# list_pairs PAIRS_VAR: sets PAIRS_VAR to every connection, lines "OUT<TAB>IN" between newlines; fails when the server
# cannot be asked.
list_pairs() {
  local _lq_lines=() _lq_line _lq_port="" _lq_listing _lq_rc=0
  local -n _lq_pairs=$1
  _lq_pairs=$'\n'
  jops_ask _lq_lines connections || _lq_rc=$?
  (( _lq_rc == 2 )) || {
    for _lq_line in "${_lq_lines[@]}"; do _lq_pairs+="${_lq_line#c$'\t'}"$'\n'; done
    return "$_lq_rc"
  }
  _lq_listing="$(jack_tool jack_lsp -c)" || return 1
  while IFS= read -r _lq_line; do                # a port, then each of its connections indented
    if [[ "$_lq_line" == [[:space:]]* ]]; then _lq_pairs+="$_lq_port"$'\t'"${_lq_line#"${_lq_line%%[![:space:]]*}"}"$'\n'; else _lq_port="$_lq_line"; fi
  done <<< "$_lq_listing"
}

# has_ports MISSING_VAR LISTING PORT...: sets the array MISSING_VAR to the ports not in LISTING (as list_ports gives it).
has_ports() {
  local _hp_listing=$'\n'"$2"$'\n' _hp_port
  local -n _hp_missing=$1; shift 2
  _hp_missing=()
  for _hp_port in "$@"; do [[ "$_hp_listing" == *$'\n'"$_hp_port"$'\n'* ]] || _hp_missing+=("$_hp_port"); done
  (( ${#_hp_missing[@]} == 0 ))
}

# connect_ports OUT IN, disconnect_ports OUT IN: by the helper, or by JACK's jack_connect and jack_disconnect.
jack_pair() {
  local lines=() rc=0
  jops_ask lines "$1" "$2" "$3" || rc=$?
  (( rc == 2 )) || return "$rc"
  jack_tool "jack_$1" "$2" "$3"
}
connect_ports() { jack_pair connect "$1" "$2"; }
disconnect_ports() { jack_pair disconnect "$1" "$2"; }

# Port registrations, that wait-ports lists the ports again only when one appears (or every quarter second, should
# one slip in before the watch begins): events_begin watches, events_next waits for the next burst, events_end stops.
# The helper watches in its own client; without it jack_evmon does, a coprocess.
EVENTS_PID=""
events_begin() {
  local lines=()
  if jops_open; then jops lines wait 0 > /dev/null || true; return 0; fi       # forget the registrations before now
  coproc EVENTS { exec stdbuf -oL jack_evmon 2> /dev/null; }
  # KILL, not TERM: jack_evmon closes its JACK client in its TERM handler, which can deadlock when the signal
  # lands inside a JACK call; then it lingers after everything else stopped. The server drops a killed client.
  # shellcheck disable=SC2064
  trap "kill -KILL $EVENTS_PID 2> /dev/null || true" EXIT
  local line
  read -r -t 1 line <&"${EVENTS[0]}" || true         # its own activation: it now sees every registration
}
events_next() {
  local line lines=()
  if [[ "$JOPS_STATE" == up ]]; then
    # Registrations come in bursts: after the first, gather the rest of the burst before listing again.
    if jops lines wait 250 && [[ "${lines[0]:-}" == event ]]; then
      while jops lines wait 10 && [[ "${lines[0]:-}" == event ]]; do :; done
    fi
    return 0
  fi
  [[ -n "${EVENTS_PID:-}" ]] || { nap 0.25; return 0; }
  while read -r -t 0.25 line <&"${EVENTS[0]}"; do [[ "$line" == "Port "*" registered" ]] && break; done || true
  while read -r -t 0.01 line <&"${EVENTS[0]}"; do :; done || true
}
events_end() {
  [[ -n "${EVENTS_PID:-}" ]] || return 0
  kill -KILL "$EVENTS_PID" 2> /dev/null || true
  trap - EXIT
}
