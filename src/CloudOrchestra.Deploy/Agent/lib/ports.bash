# shellcheck shell=bash
# The user's lock, and the UDP ports a deployment keeps for its links (reserve-ports) until it stops.

# user_lock, user_unlock: a lock for each user of the machine, held from a JACK server's start until it answers, and
# while a stop clears the user's JACK files (when no server of the user runs): otherwise a server that another
# deployment of the same user is starting at that moment loses the files it has just made, and its clients cannot
# open ("Cannot open client"). reserve-ports holds it too, so that two deployments coming up at once cannot keep one
# port. Where the lock's file belongs to someone else, or stays locked, it goes without.
USER_LOCK=""
user_lock() {
  local file="/dev/shm/cloudorchestra-$UID.lock"
  [[ ! -e "$file" || -O "$file" ]] || return 0
  { exec {USER_LOCK}>> "$file"; } 2> /dev/null || { USER_LOCK=""; return 0; }
  flock -w 20 "$USER_LOCK" || true
}
user_unlock() {
  [[ -z "$USER_LOCK" ]] || exec {USER_LOCK}>&-
  USER_LOCK=""
}

# Each port asked for where it is free, else the next free one from 4464 up; with --exact, those or a failure naming
# the first one taken. Free: no socket here is bound to it (/proc/net/udp, udp6), and no other deployment keeps it.
# A link binds its port only as it starts, seconds later: two deployments coming up at once must not pick the same.
# What a deployment keeps is a file in PORTS_DIR named after its directory (slashes as %), and counts while that
# directory is there; stop removes it.
PORTS_DIR="/dev/shm/cloudorchestra-ports-$UID" PORTS_KEY="${PWD//\//%}"
cmd_reserve_ports() {               # reserve-ports [--exact] PORT...: keeps as many UDP ports for the links ("ports P...")
  local exact=0
  if [[ "${1:-}" == --exact ]]; then exact=1; shift; fi
  (( $# > 0 )) || die "reserve-ports: which ports?"
  local taken=" " file address owner kept=() want next=4464 them
  [[ -d "$PORTS_DIR" ]] || mkdir -m 700 "$PORTS_DIR" 2> /dev/null || true
  [[ -d "$PORTS_DIR" && -O "$PORTS_DIR" ]] || die "cannot keep ports in $PORTS_DIR (is it someone else's?)"
  user_lock
  for file in /proc/net/udp /proc/net/udp6; do
    [[ -r "$file" ]] || continue
    { read -r _; while read -r _ address _; do taken+="$((16#${address##*:})) "; done; } < "$file"
  done
  for file in "$PORTS_DIR"/*; do
    owner="${file##*/}"
    [[ -f "$file" && "$owner" != "$PORTS_KEY" && -d "${owner//%//}" ]] || continue
    read -r them < "$file" && taken+="$them "
  done
  for want in "$@"; do
    if ! [[ "$want" =~ ^[1-9][0-9]{0,4}$ ]] || (( want > 65535 )); then user_unlock; die "reserve-ports: '$want' is no port"; fi
    if [[ "$taken" == *" $want "* ]]; then
      (( exact == 0 )) || { user_unlock; echo "UDP port $want is taken on this machine (by a program running here, or another deployment)" >&2; return 1; }
      while [[ "$taken" == *" $next "* ]]; do next=$(( next + 1 )); done
      (( next < 65536 )) || { user_unlock; die "no UDP port is free from 4464 up"; }
      want="$next"
    fi
    kept+=("$want")
    taken+="$want "
  done
  printf '%s\n' "${kept[*]}" > "$PORTS_DIR/$PORTS_KEY"
  user_unlock
  printf 'ports %s\n' "${kept[*]}"
}

# ports_release: what reserve-ports kept for this deployment is free again.
ports_release() { rm -f "$PORTS_DIR/$PORTS_KEY"; }
