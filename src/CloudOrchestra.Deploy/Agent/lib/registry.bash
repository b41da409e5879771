# shellcheck shell=bash
# JACK's files in /dev/shm that a stop clears: a killed server's shared memory and sockets, and the entries of servers
# that no longer run in JACK's registry of servers, which every user of the machine shares.

# jack_leftovers_clear: a killed server leaves shared memory and sockets that stop the next one of its name starting:
# removes our server's own, and all of this user's when no other JACK server of this user runs (under the user's lock,
# which a server holds from its start until it answers).
jack_leftovers_clear() {
  find /dev/shm -maxdepth 1 -user "$UID" \( -name "jack_${JACK_DEFAULT_SERVER}_*" -o -name "jack_sem.${UID}_${JACK_DEFAULT_SERVER}_*" \) \
    -exec rm -f {} + 2> /dev/null || true
  user_lock
  if ! pgrep -u "$UID" -x jackd > /dev/null; then
    find /dev/shm -maxdepth 1 -user "$UID" -name 'jack*' ! -name jack-shm-registry -exec rm -rf {} + 2> /dev/null || true
  fi
  user_unlock
}

# jack_registry_sweep: frees, in JACK's registry of servers, the entries of servers that no longer run. The registry
# (/dev/shm/jack-shm-registry) is shared by every user of the machine and has room for 8 servers; jackd frees a dead
# server's entry only when a server of the same name starts. A server that did not shut down cleanly (killed, or
# stopped while clients of it had died unannounced) leaves its entry, and every deployment's server has a name of its
# own: after eight such, no JACK server starts on the machine ("Too many servers already active") until it reboots.
# Layout (jack2's shm.h): a 24-byte header, magic "JACK" first and its full length (with the entries) at byte 16;
# then 8 entries, each a pid (int32) and the server's name; pid 0 is a free entry. Anything else is left alone.
# Not under JACK's lock: at worst a server that reclaims the same dead entry at this instant loses its entry, which
# only lets a second server of its name and user try to start (and fail on its socket).
jack_registry_sweep() {
  local registry=/dev/shm/jack-shm-registry words=() stride i at pid start
  [[ -f "$registry" && -w "$registry" ]] || return 0
  read -r -d '' -a words < <(od -A n -t d4 -v -N 4096 "$registry" 2> /dev/null) || true
  (( ${#words[@]} >= 6 )) && (( words[0] == 0x4a41434b )) || return 0
  stride=$(( (words[4] - 24) / 8 ))
  (( stride >= 260 && stride % 4 == 0 && words[4] == 24 + 8 * stride && ${#words[@]} * 4 >= words[4] )) || return 0
  for (( i = 0; i < 8; i++ )); do
    at=$(( (24 + i * stride) / 4 )); pid=${words[at]}
    (( pid > 0 )) || continue
    starttime start "$pid"                                   # a zombie, its server shut down, counts as gone
    if [[ -z "$start" ]]; then
      dd if=/dev/zero of="$registry" bs=4 seek="$at" count=$(( stride / 4 )) conv=notrunc status=none 2> /dev/null || true
    fi
  done
}
