# shellcheck shell=bash
# Process supervision: a process's identity (pid and start time), and the verbs that start a process detached and
# recorded, run one to its end, wait on its log, check, list and stop what was recorded.

# starttime START_VAR PID [STATE_VAR [PGRP_VAR]]: sets START_VAR to the process's start time in clock ticks, the identity
# we record (and STATE_VAR and PGRP_VAR, when named, to its state and process group); empty once it has exited. Where
# nothing reaps orphans, an exited process stays a zombie (state Z) in /proc; but a zombie leader whose other threads
# still run (jackd shutting down) has not exited yet.
starttime() {
  local _st_stat _st_fields _st_tasks _st_unasked
  local -n _st_start=$1 _st_state=${3:-_st_unasked} _st_pgrp=${4:-_st_unasked}
  _st_start="" _st_state="" _st_pgrp=""
  { read -r _st_stat < "/proc/$2/stat"; } 2> /dev/null || return 0
  read -r -a _st_fields <<< "${_st_stat##*) }"    # the name may hold spaces; the fields after it do not
  if [[ "${_st_fields[0]}" == Z ]]; then
    _st_tasks=("/proc/$2/task/"*)
    (( ${#_st_tasks[@]} > 1 )) || return 0
  fi
  _st_start="${_st_fields[19]}" _st_state="${_st_fields[0]}" _st_pgrp="${_st_fields[2]}"
}

# alive NAME [STATE_VAR]: the recorded process still runs and is the one we started; STATE_VAR, when named, is set to
# its state.
alive() {
  local _al_pid _al_start _al_now _al_unasked
  local -n _al_state=${2:-_al_unasked}
  [[ -f "run/$1.pid" ]] || return 1
  read -r _al_pid _al_start < "run/$1.pid"
  [[ -n "$_al_pid" ]] || return 1
  starttime _al_now "$_al_pid" _al_state
  [[ "$_al_now" == "$_al_start" ]]
}

# stopped_process NAME_VAR: sets NAME_VAR to a recorded process that is stopped by a signal (state T), if one is. Its
# JACK server then waits on it, and so does every client that opens meanwhile: JACK must not be asked.
stopped_process() {
  local _sp_each _sp_state
  local -n _sp_name=$1
  _sp_name=""
  [[ -f run/order ]] || return 1
  while IFS= read -r _sp_each; do
    if alive "$_sp_each" _sp_state && [[ "$_sp_state" == [Tt] ]]; then _sp_name="$_sp_each"; return 0; fi
  done < run/order
  return 1
}

# child_fds_close: in a subshell about to run a program, closes the agent's own descriptors (the nap pipe, the
# helper's pipes, the user's lock), so that the program does not hold them.
child_fds_close() {
  [[ -z "$NAP_FD" ]] || exec {NAP_FD}<&-
  [[ -z "$JOPS_IN" ]] || exec {JOPS_IN}<&- {JOPS_OUT}>&-
  [[ -z "$USER_LOCK" ]] || exec {USER_LOCK}>&-
}

cmd_start() {                       # start NAME [--cd DIR] [--jack-client CLIENT] -- PROGRAM ARGS...: starts it detached
  local name="$1" dir="." client="" shim=""; shift
  if [[ "$1" == "--cd" ]]; then dir="$2"; shift 2; fi
  if [[ "$1" == "--jack-client" ]]; then client="$2"; shift 2; jack_shim shim; fi
  [[ "$1" == "--" ]] && shift
  if alive "$name"; then die "$name is already running"; fi
  local log="$PWD/logs/$name.log" pid start i
  rm -f "run/$name.pid"
  (
    child_fds_close
    # Recorded by itself, before it runs the program: whenever the agent is killed, what runs has its record.
    starttime start "$BASHPID"
    printf '%s\n' "$name" >> run/order
    printf '%s %s\n' "$BASHPID" "$start" > "run/$name.pid"
    if [[ -n "$client" ]]; then export ORCHESTRA_JACK_CLIENT="$client" LD_PRELOAD="$shim${LD_PRELOAD:+:$LD_PRELOAD}"; fi
    # Its own session, hangups ignored (see orchestra-agent): when the caller's terminal goes (ssh with a pty, as
    # Ansible's raw uses), no signal to our group reaches it. setsid keeps the pid: this subshell leads no group.
    cd "$dir" && exec setsid "$@" > "$log" 2>&1 < /dev/null
  ) &
  # Once it has recorded itself: the next start's record then follows it in run/order, which stop reads backwards.
  for (( i = 0; i < 500; i++ )); do [[ -s "run/$name.pid" ]] && break; nap 0.002; done
  read -r pid start < "run/$name.pid" || die "$name did not start: no record of it"
  printf 'started %s %s %s\n' "$name" "$pid" "$start"
}

# For work a synth needs once it is up (sclang sending its synths): at most ${TIMEOUT_RUN:-60} s, its output in
# logs/NAME.log; fails with that log's end unless it exits 0.
cmd_run() {                         # run NAME [--cd DIR] -- PROGRAM ARGS...: runs it to its end
  local name="$1" dir="." rc=0; shift
  if [[ "$1" == "--cd" ]]; then dir="$2"; shift 2; fi
  [[ "$1" == "--" ]] && shift
  local log="$PWD/logs/$name.log"
  (
    child_fds_close
    cd "$dir" && exec timeout "${TIMEOUT_RUN:-60}" "$@" > "$log" 2>&1 < /dev/null
  ) || rc=$?
  if (( rc != 0 )); then
    echo "${name%-ready*} could not be made ready: '$1' exited with $rc; its log ends:" >&2
    log_tail "$name" >&2
    exit 3
  fi
}

cmd_wait_log() {                    # wait-log NAME TEXT: until the process's log holds TEXT
  local name="$1" text="$2" lines=()
  local deadline=$((SECONDS + ${TIMEOUT:-10}))
  while true; do
    { mapfile -t lines < "logs/$name.log"; } 2> /dev/null || lines=()
    [[ "${lines[*]}" == *"$text"* ]] && return 0
    alive "$name" || { echo "$name exited before '$text'; its log ends:" >&2; log_tail "$name" >&2; exit 3; }
    (( SECONDS < deadline )) || { echo "$name did not report '$text' in ${TIMEOUT:-10} s; its log ends:" >&2; log_tail "$name" >&2; exit 4; }
    nap 0.02
  done
}

cmd_check() {                       # check NAME...: every one still runs
  local name
  for name in "$@"; do
    alive "$name" || { echo "$name exited; its log ends:" >&2; log_tail "$name" >&2; exit 3; }
  done
}

cmd_status() {                      # status: one line per recorded process: alive, stopped (by a signal: hung) or dead
  [[ -f run/order ]] || return 0
  local name pid start state
  while IFS= read -r name; do
    [[ -f "run/$name.pid" ]] || continue
    read -r pid start < "run/$name.pid"
    if ! alive "$name" state; then printf 'dead %s %s\n' "$name" "$pid"
    elif [[ "$state" == [Tt] ]]; then printf 'stopped %s %s\n' "$name" "$pid"
    else printf 'alive %s %s\n' "$name" "$pid"; fi
  done < run/order
}

# terminate NAME...: TERM each (in the order given), wait for all, KILL what is left after 5 s.
terminate() {
  local name pid start running=() still
  for name in "$@"; do
    if alive "$name"; then
      read -r pid start < "run/$name.pid"
      kill -TERM "$pid" 2> /dev/null || true
      running+=("$name")
    fi
  done
  local i
  for (( i = 0; i < 250; i++ )); do
    still=()
    for name in "${running[@]}"; do if alive "$name"; then still+=("$name"); fi; done
    (( ${#still[@]} == 0 )) && break
    nap 0.02
  done
  for name in "${running[@]}"; do
    read -r pid start < "run/$name.pid"
    if alive "$name"; then kill -KILL "$pid" 2> /dev/null || true; printf 'killed %s %s\n' "$name" "$pid"
    else printf 'stopped %s %s\n' "$name" "$pid"; fi
  done
}

cmd_stop() {                        # stop: links and synths newest first, then jackd, then JACK's leftovers
  serve_sessions_end
  ports_release
  [[ -f run/order ]] || return 0
  local clients=() name
  while IFS= read -r name; do [[ "$name" == jackd ]] || clients+=("$name"); done < <(tac run/order)
  # JACK clients first: a server that dies under closing clients leaves them hanging.
  jops_stop
  (( ${#clients[@]} == 0 )) || terminate "${clients[@]}"
  terminate jackd
  while IFS= read -r name; do rm -f "run/$name.pid"; done < run/order
  rm -f run/order
  jack_leftovers_clear
  jack_registry_sweep
}
