# shellcheck shell=bash
# The C build cache: the C files beside the agent (the JACK helper, the client-naming shim) built with the machine's
# own compiler the first time and kept for later deployments.

# build_c BUILT_VAR ERRORS_VAR SOURCE [shared]: sets BUILT_VAR to this machine's build of SOURCE, a C file beside the
# agent (a program, or a shared library), built the first time and kept in ~/.cache/cloudorchestra under its text's
# checksum (every sync gives the file a new time, not new text). Fails (1) with no compiler, (2) when the file is
# missing or does not build, saying why in ERRORS_VAR.
build_c() {
  local _bc_source="$PWD/$3" _bc_cache="${XDG_CACHE_HOME:-${HOME:-$PWD/run}/.cache}/cloudorchestra" _bc_sum _bc_size _bc_flags=()
  local -n _bc_built=$1 _bc_errors=$2
  [[ -f "$_bc_source" ]] || { _bc_errors="$3 is missing beside the agent in $PWD"; return 2; }
  read -r _bc_sum _bc_size _ < <(cksum "$_bc_source")
  _bc_built="$_bc_cache/${3%.c}-$_bc_sum-$_bc_size"
  if [[ "${4:-}" == shared ]]; then _bc_built+=".so"; _bc_flags=(-shared -fPIC); fi
  [[ -f "$_bc_built" ]] && return 0
  command -v "${CC:-cc}" > /dev/null || return 1
  mkdir -p "$_bc_cache"
  _bc_errors="$("${CC:-cc}" "${_bc_flags[@]}" -O2 -o "$_bc_built.$$" "$_bc_source" -ldl 2>&1)" \
    || { rm -f "$_bc_built.$$"; _bc_errors="could not build $3 with cc: $_bc_errors"; return 2; }
  mv -f "$_bc_built.$$" "$_bc_built"            # whole or not at all: a build cut short is redone
}

# jack_shim SHIM_VAR: sets SHIM_VAR to the build of jack-client-name.c: preloaded into a synth, it names the synth's
# JACK client and leaves its ports unconnected (see the file).
jack_shim() {
  local _js_errors="" _js_rc=0
  local -n _js_shim=$1
  build_c _js_shim _js_errors jack-client-name.c shared || _js_rc=$?
  (( _js_rc != 1 )) || die "naming this synth's JACK client needs a C compiler on this machine: install gcc (Debian: apt-get install gcc libc6-dev)"
  (( _js_rc != 2 )) || die "$_js_errors"
}
