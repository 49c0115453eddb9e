#!/usr/bin/env bash
# The long versions of LossyLinkIT and PhonesIT's kill -9 test, bounded in count and time, stopping by themselves:
#   1. TRANSFERS bundle downloads (default 200) under loss, PHONES at a time (default 50), each byte-exact (sha256),
#      no transfer given up by the box; each phone's side is impaired by scripts/impair-link (netem, else nftables and
#      an htb class for reordering); if neither works, that part is skipped;
#   2. CYCLES kill -9 cycles (default 10): a simulated 7965 flashes, the box is killed mid-component, the SQLite
#      file must pass PRAGMA integrity_check, /api/history.csv must keep every row it had, and the phone must finish.
# Stops after MAX_SECONDS (default 1800) even if counts are not reached, and says so. Needs root.
# Usage: scripts/soak.sh   (env: TRANSFERS=200 PHONES=50 PERCENT=10 CYCLES=10 MAX_SECONDS=1800)
set -euo pipefail
cd "$(dirname "$0")/.."
transfers=${TRANSFERS:-200}
phones=${PHONES:-50}
percent=${PERCENT:-10}
cycles=${CYCLES:-10}
max_seconds=${MAX_SECONDS:-1800}
scripts/install-deps
# shellcheck source=scripts/lib/link.sh
. scripts/lib/link.sh

id=pfs$$
sw=${id}sw sbox=${id}box
work=$(mktemp -d /tmp/phoneflasher-soak.XXXXXX)
boxpid=
cleanup() {
  rc=$?
  set +e
  [ -n "$boxpid" ] && kill -9 "$boxpid" 2>/dev/null
  link_teardown
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT INT TERM
began=$SECONDS
in_time() { [ $((SECONDS - began)) -lt "$max_seconds" ]; }

new_switch "$sw"
newns "$sbox"; plug "$sbox" vbox 10.99.0.1/24

start_box() { # stick
  box_start "$sbox" "$work/box.log" http://10.99.0.1:8080/api/status --interface vbox --usb "$1" \
    --data "$work/data" --http-port 8080 --pool 10.99.0.100-10.99.0.199 --guard-wait 1 || exit 1
  boxpid=$box_pid
}
stop_box() { kill "$boxpid" 2>/dev/null || true; wait "$boxpid" 2>/dev/null || true; boxpid=; }

# ================= 1. transfers under loss
stick=$work/stick
java -jar "$jar" sample-stick --out "$stick" --percent "$percent" >/dev/null
loads=SIP45.9-4-2SR3-1S.loads
mapfile -t components < <(grep -a -o '^[A-Za-z0-9._-]*\.sbn' "$stick/$loads")
set_files=("$loads" "${components[@]}")
(cd "$stick" && sha256sum "${set_files[@]}") > "$work/set.sha256"

how=
for i in $(seq 1 "$phones"); do
  newns "${id}p$i"; plug "${id}p$i" vph "10.99.0.$((9 + i))/24"
  how=$(ip netns exec "${id}p$i" scripts/impair-link vph 2>"$work/impair.err") || { how=; break; }
done
done_transfers=0 slowest=0
if [ -z "$how" ]; then
  echo "1. SKIPPED: $(cat "$work/impair.err")"
else
  echo "1. $transfers bundle transfers ($percent % look-alike 7965 set, $(du -cb "${set_files[@]/#/$stick/}" | tail -n1 | cut -f1) bytes), $phones at a time; $how"
  start_box "$stick"
  fetch() { # i -> one bundle into its own folder; prints the slowest file's ms
    local d=$work/got/$1 f s worst=0 ms
    rm -rf "$d"; mkdir -p "$d"; cd "$d"
    for f in "${set_files[@]}"; do
      s=$(date +%s%N)
      ip netns exec "${id}p$1" tftp -m binary 10.99.0.1 -c get "$f" >>tftp.log 2>&1
      ms=$(( ($(date +%s%N) - s) / 1000000 )); [ "$ms" -gt "$worst" ] && worst=$ms
    done
    sha256sum --quiet -c "$work/set.sha256" >>tftp.log 2>&1 || { echo "phone $1: corrupt or missing file" >&2; return 1; }
    echo "$worst"
  }
  while [ "$done_transfers" -lt "$transfers" ] && in_time; do
    n=$((transfers - done_transfers)); [ "$n" -gt "$phones" ] && n=$phones
    start=$SECONDS ps=()
    for i in $(seq 1 "$n"); do fetch "$i" > "$work/worst.$i" & ps+=($!); done
    for p in "${ps[@]}"; do wait "$p"; done
    for i in $(seq 1 "$n"); do w=$(cat "$work/worst.$i"); [ "$w" -gt "$slowest" ] && slowest=$w; done
    done_transfers=$((done_transfers + n))
    echo "  $done_transfers/$transfers byte-exact (batch of $n in $((SECONDS - start)) s; slowest file so far $slowest ms)"
  done
  # Clients all finished byte-exact; transfers the box gave up are counted (a duplicated RRQ arriving after its
  # transfer ended starts a second one that no client answers). Lost final ACKs are counted apart: taken as delivered.
  echo "  transfers the box gave up (second transfers from late duplicated RRQs): $(grep -c " failed after " "$work/box.log" || true)"
  echo "  final ACKs lost, the client silent after the last block (taken as delivered): $(grep -c "taken as delivered" "$work/box.log" || true)"
  stop_box
  [ "$done_transfers" -ge "$transfers" ] || echo "  stopped by the time bound ($max_seconds s) after $done_transfers transfers"
fi
for i in $(seq 1 "$phones"); do ip netns del "${id}p$i"; done
namespaces=("$sw" "$sbox")

# ================= 2. kill -9 cycles
echo "2. up to $cycles kill -9 cycles mid-flash (100 % look-alike 7965 set, phone-sim --max-boots 6)"
full=$work/full
java -jar "$jar" sample-stick --out "$full" --percent 100 >/dev/null
newns "${id}ph"; plug "${id}ph" vphone -
api() { ip netns exec "$sbox" curl -sS --max-time 5 "http://10.99.0.1:8080$1"; }
start_box "$full"
ok_cycles=0
for c in $(seq 1 "$cycles"); do
  in_time || { echo "  stopped by the time bound ($max_seconds s)"; break; }
  mac=$(printf '001E7A0001%02X' "$c")
  api /api/history.csv > "$work/before.csv"
  from=$(wc -c < "$work/box.log")
  timeout 300 ip netns exec "${id}ph" java -jar "$jar" phone-sim --interface vphone --mac "$mac" --max-boots 6 \
    >"$work/phone.$c.log" 2>&1 &
  phonepid=$!
  for _ in $(seq 1 600); do tail -c +"$((from + 1))" "$work/box.log" | grep -q '\.sbn' && break; sleep 0.02; done
  kill -9 "$boxpid"; wait "$boxpid" 2>/dev/null || true; boxpid=
  check=$(sqlite3 "$work/data/phoneflasher.db" "PRAGMA integrity_check;")
  [ "$check" = ok ] || { echo "cycle $c: integrity_check: $check" >&2; exit 1; }
  start_box "$full"
  # phone-sim gives up on a component that timed out; a real phone reboots and starts over: so does this one, once.
  wait "$phonepid" || timeout 300 ip netns exec "${id}ph" java -jar "$jar" phone-sim --interface vphone --mac "$mac" \
    --max-boots 6 >>"$work/phone.$c.log" 2>&1 || { echo "cycle $c: the phone did not finish:" >&2; tail -n 20 "$work/phone.$c.log" >&2; exit 1; }
  for _ in $(seq 1 50); do api /api/history.csv > "$work/after.csv"; grep -qi "$mac" "$work/after.csv" && break; sleep 0.2; done
  while IFS= read -r row; do
    grep -qxF "$row" "$work/after.csv" || { echo "cycle $c: lost history row: $row" >&2; exit 1; }
  done < "$work/before.csv"
  grep -qi "$mac" "$work/after.csv" || { echo "cycle $c: no history row for $mac" >&2; exit 1; }
  ok_cycles=$c
  echo "  cycle $c: killed mid-component; integrity_check ok; $(($(wc -l < "$work/after.csv") - 1)) history rows kept; $mac finished"
done
stop_box
echo "soak: $done_transfers lossy transfers byte-exact (slowest file $slowest ms), $ok_cycles kill -9 cycles clean, in $((SECONDS - began)) s"
