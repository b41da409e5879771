# shellcheck shell=bash
# What every part of the agent uses: failing with a message, sleeping without starting a program, the end of a
# process's log. A function that gives results takes the names of the caller's variables and assigns them through
# namerefs (`local -n`); its own locals carry a prefix of its own (_st_, _bc_, ...), so that no name a caller passes
# can be one of them.

die() { echo "agent: $*" >&2; exit 1; }

# nap SECONDS: sleep without starting a program (read times out on a pipe nobody writes to).
NAP_FD=""
nap() {
  [[ -n "$NAP_FD" ]] || exec {NAP_FD}<> <(:)
  read -r -t "$1" -u "$NAP_FD" || true
}

# log_tail NAME [LINES]: the end of a process's log, without terminal colour codes, indented.
log_tail() { tail -n "${2:-8}" "logs/$1.log" 2>/dev/null | sed -e $'s/\x1b\\[[0-9;]*m//g' -e 's/^/  | /' || true; }
