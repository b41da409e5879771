# shellcheck shell=bash
# The deployment's JACK server: started as a recorded process, under the user's lock, and waited on until it answers.

# PORTS: how many JACK ports the server makes room for; its shared memory, which it fills at start, grows with it.
cmd_jackd() {                       # jackd NAME DRIVER RATE PERIOD PORTS [DEVICE]: starts it and waits until it answers
  local name="$1" driver="$2" rate="$3" period="$4" portmax="$5" device="${6:-}"
  # No real-time scheduling and no memory locking: neither is allowed to ordinary users on a cloud VM, and a
  # locking server has every JACK client try to lock (fault in) the whole shared graph as it opens.
  local args=(jackd --no-realtime --no-mlock --port-max "$portmax" -n "$JACK_DEFAULT_SERVER" -d "$driver" -r "$rate" -p "$period")
  [[ -n "$device" ]] && args+=(-d "$device")
  # jackd opens every driver it finds to list them, firewire's and its libraries too: show it only the one it runs.
  local dir
  for dir in /usr/lib/*/jack /usr/lib64/jack /usr/lib/jack /usr/local/lib/jack; do
    if [[ -f "$dir/jack_$driver.so" ]]; then
      mkdir -p run/drivers && ln -sfn "$dir/jack_$driver.so" "run/drivers/jack_$driver.so"
      export JACK_DRIVER_DIR="$PWD/run/drivers"
      break
    fi
  done
  user_lock
  jack_registry_sweep
  cmd_start "$name" -- "${args[@]}"
  # Asking the server costs it and us a client's start-up, so ask only once its socket exists, or every half second
  # in case this JACK keeps its sockets elsewhere. The helper's client, once open, stays for the later questions.
  local socket="/dev/shm/jack_${JACK_DEFAULT_SERVER}_${UID}_0" deadline=$((SECONDS + ${TIMEOUT:-10})) polls=0
  while true; do
    if [[ -S "$socket" ]] || (( polls % 25 == 24 )); then
      if jops_open || { [[ "$JOPS_STATE" == tools ]] && jack_lsp > /dev/null 2>&1; }; then user_unlock; return 0; fi
    fi
    alive "$name" || { echo "jackd exited at start; its log ends:" >&2; log_tail "$name" 40 >&2; exit 3; }
    (( SECONDS < deadline )) || { echo "jackd did not come up in ${TIMEOUT:-10} s; its log ends:" >&2; log_tail "$name" >&2; exit 4; }
    nap 0.02
    polls=$((polls + 1))
  done
}
