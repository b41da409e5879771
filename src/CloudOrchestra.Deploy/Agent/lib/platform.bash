# shellcheck shell=bash
# What kind of machine this is: a program the deployment brings built ahead of time (the node) runs on one kind alone.

cmd_platform() {                    # platform SYSTEM ARCH: fails (2) unless this machine is SYSTEM on ARCH (uname -s, -m)
  local system arch
  system="$(uname -s)" arch="$(uname -m)"
  if [[ "$system" != "$1" || "$arch" != "$2" ]]; then
    echo "this machine is $system on $arch, and orchestra-node is built for $1 on $2 only (arm64 may come later)" >&2
    exit 2
  fi
  node_cache_keep
}

# node_cache_keep: the node's program beside the agent, linked into ~/.cache/cloudorchestra/node, where the next
# deployment's sync finds it (rsync --link-dest) and sends it no more. Where that cannot be (another file system, no
# home), nothing is kept, and the next sync sends it again.
node_cache_keep() {
  local cache="${HOME:-}/.cache/cloudorchestra/node"
  [[ -n "${HOME:-}" && -f orchestra-node ]] || return 0
  if mkdir -p "$cache" 2> /dev/null; then ln -f orchestra-node "$cache/orchestra-node" 2> /dev/null || true; fi
}
