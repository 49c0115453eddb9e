# shellcheck shell=bash
# The private link scripts/bench.sh and scripts/soak.sh build, Rig.java's recipe: a bridge in a namespace of its own
# and every host on a veth into it. Sourced after `cd` to the clone; the caller creates the switch with
# new_switch NAME and calls link_teardown from its exit trap.

namespaces=()
port=0
newns() { ip netns add "$1"; namespaces+=("$1"); ip -n "$1" link set lo up; }
new_switch() { # name of the switch namespace
  sw=$1
  newns "$sw"
  ip -n "$sw" link add br0 type bridge forward_delay 0 stp_state 0
  ip -n "$sw" link set br0 up
}
plug() { # ns ifname cidr|-  [mac]
  port=$((port + 1))
  ip link add name "$2" netns "$1" type veth peer name "p$port" netns "$sw"
  ip -n "$sw" link set "p$port" master br0
  ip -n "$sw" link set "p$port" up
  [ "$3" = - ] || ip -n "$1" addr add "$3" dev "$2"
  [ -z "${4:-}" ] || ip -n "$1" link set "$2" address "$4"
  ip -n "$1" link set "$2" up
}
link_teardown() { # kills whatever still runs in the namespaces, then deletes them
  local ns p
  for ns in "${namespaces[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  done
  wait 2>/dev/null
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null; done
}

# The box itself (its jar, its JVM options, its start): scripts/lib/box.sh.
# shellcheck source=scripts/lib/box.sh
. scripts/lib/box.sh
