# shellcheck shell=bash
# What kind of machine this is: a program the deployment brings built ahead of time (the node) runs on one kind alone.

cmd_platform() {                    # platform SYSTEM ARCH: fails (2) unless this machine is SYSTEM on ARCH (uname -s, -m)
  local system arch
  system="$(uname -s)" arch="$(uname -m)"
  [[ "$system" == "$1" && "$arch" == "$2" ]] && return 0
  echo "this machine is $system on $arch, and orchestra-node is built for $1 on $2 only (arm64 may come later)" >&2
  exit 2
}
