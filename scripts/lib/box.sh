# shellcheck shell=bash
# The box for the scripts (demo, bench, soak), one recipe: the jar built again when a source is newer than it, the
# appliance's JVM options, and a start that waits until /api/status says the DHCP gate has decided. Sourced after
# `cd` to the clone.

jar=$PWD/app/target/phoneflasher.jar
# A jar older than any source would show yesterday's box: build it again.
if [ ! -f "$jar" ] || [ -n "$(find app/src pom.xml app/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar (sources are newer)" >&2
  mvn -B -q -DskipTests package >&2
fi

# The box runs with the appliance's JVM options, so what it does and measures is the box's; BOX_JAVA_EXTRA adds to them.
# shellcheck disable=SC2034 # used by the scripts that source this
read -r -a box_java <<< "java $(sed -n 's/^PF_JAVA_OPTS="\(.*\)"$/\1/p' overlay/etc/phoneflasher.conf) ${BOX_JAVA_EXTRA:-}"

box_pid=
# box_start NS LOG STATUS_URL [serve options...]: starts `serve` in NS, output appended to LOG; returns once
# STATUS_URL (/api/status) answers with the DHCP gate decided (serving, or not served for a reason other than the
# probe still running); fails with the log if the box exits or 30 s pass.
box_start() {
  local ns=$1 log=$2 url=$3
  shift 3
  ip netns exec "$ns" "${box_java[@]}" -jar "$jar" serve "$@" >>"$log" 2>&1 &
  box_pid=$!
  for _ in $(seq 1 300); do
    if ! kill -0 "$box_pid" 2>/dev/null; then
      echo "the box exited:" >&2; cat "$log" >&2; return 1
    fi
    ip netns exec "$ns" curl -s --max-time 1 "$url" 2>/dev/null \
      | grep -Eq '"dhcp":\{"serving":(true|false),"reason":"[^c]' && return 0
    sleep 0.1
  done
  echo "the box did not start within 30 s:" >&2; cat "$log" >&2; return 1
}
