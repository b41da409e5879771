# shellcheck shell=bash
# The verbs that wire the deployment's JACK graph: waiting for ports, connecting, disconnecting, and saying which
# connections exist.

# NAME is the process that registers the ports after it (the one blamed when one does not appear).
cmd_wait_ports() {                  # wait-ports NAME PORT... [--of NAME PORT...]...: until every PORT exists
  local owner="$1" ports=() owners=() i blame listing="" absent=() absent_lines; shift
  while (( $# > 0 )); do
    if [[ "$1" == --of ]]; then owner="$2"; shift 2; continue; fi
    ports+=("$1"); owners+=("$owner"); shift
  done
  local deadline=$((SECONDS + ${TIMEOUT:-10}))
  list_ports listing || true
  has_ports absent "$listing" "${ports[@]}" && return 0       # often they are (JackTrip's, once connected)
  events_begin
  while list_ports listing || true; ! has_ports absent "$listing" "${ports[@]}"; do
    blame=""                                                 # the owner of the first missing port
    printf -v absent_lines '\n%s' "${absent[@]}"            # one per line: port names may hold spaces
    for (( i = 0; i < ${#ports[@]}; i++ )); do
      [[ "$absent_lines"$'\n' == *$'\n'"${ports[i]}"$'\n'* ]] || continue
      owner="${owners[i]}"
      alive "$owner" || { events_end; echo "$owner exited before registering ${ports[i]}; its log ends:" >&2; log_tail "$owner" >&2; exit 3; }
      [[ -n "$blame" ]] || blame="$owner"
    done
    if (( SECONDS >= deadline )); then
      events_end
      # Say what the client did register: a module whose manifest names other ports than its synth makes is the usual cause.
      local client="${absent[0]%%:*}" port registered=""
      while IFS= read -r port; do [[ "$port" == "$client:"* ]] && registered+=" $port"; done <<< "$listing"
      echo "$blame did not register ${absent[*]} in ${TIMEOUT:-10} s ($client has:${registered:- no ports}); its log ends:" >&2
      log_tail "$blame" >&2
      exit 4
    fi
    events_next
  done
  events_end
}

cmd_disconnect_all() {              # disconnect-all: every connection on this JACK server
  local pair pairs
  list_pairs pairs || die "cannot list JACK's connections: is jackd running?"
  while IFS= read -r pair; do
    if [[ -n "$pair" ]]; then disconnect_ports "${pair%%$'\t'*}" "${pair#*$'\t'}" || true; fi
  done <<< "$pairs"
}

# explain PORT: why a port of ours may be gone (its process exited), with that process's log.
# A process that is exiting closes its JACK client before it is gone: give it a second to be gone.
explain() {
  local client="${1%%:*}" i
  [[ -f "run/$client.pid" ]] || return 0
  for (( i = 0; i < 50; i++ )); do
    if ! alive "$client"; then echo "$client exited; its log ends:" >&2; log_tail "$client" >&2; exit 3; fi
    nap 0.02
  done
}

# connect_active OUT IN: connects them. JACK refuses to connect a port whose client has registered it but is not active
# yet (jack_metro, JackTrip and ChucK register their ports, then activate): while both ports exist, it tries again, for
# up to 3 s. A port that does not exist fails at once.
connect_active() {
  local i listing absent=()
  for (( i = 0; i < 150; i++ )); do
    connect_ports "$1" "$2" && return 0
    list_ports listing && has_ports absent "$listing" "$1" "$2" || return 1
    nap 0.02
  done
  return 1
}

cmd_connect() {                     # connect OUT IN [OUT IN]...: each pair
  while (( $# >= 2 )); do
    if ! connect_active "$1" "$2"; then
      explain "$1"; explain "$2"
      die "cannot connect $1 to $2"
    fi
    shift 2
  done
}

# One line per pair, "connected<TAB>OUT<TAB>IN" or "missing<TAB>OUT<TAB>IN" (port names may hold spaces: ChucK's
# "outport 0"); fails when one is missing. "unknown" for every pair, and a failure, when a process of the deployment
# is stopped by a signal: JACK cannot answer then.
cmd_wired() {                       # wired OUT IN [OUT IN]...: whether each connection exists
  local missing=0 stopped pairs
  if stopped_process stopped; then
    while (( $# >= 2 )); do printf 'unknown\t%s\t%s\n' "$1" "$2"; shift 2; done
    die "JACK was not asked: $stopped is stopped by a signal, and its JACK server waits on it (every new client would too)"
  fi
  list_pairs pairs || die "cannot list JACK's connections: is jackd running?"
  while (( $# >= 2 )); do
    if [[ "$pairs" == *$'\n'"$1"$'\t'"$2"$'\n'* ]]; then printf 'connected\t%s\t%s\n' "$1" "$2"
    else printf 'missing\t%s\t%s\n' "$1" "$2"; missing=1; fi
    shift 2
  done
  return "$missing"
}
