#!/usr/bin/env bash
# Speed of the box against tftpd-hpa and dnsmasq, in one run, in the same namespaces, with the same clients and the
# same files (a 100 % look-alike 7965 bundle: SIP45.9-4-2SR3-1S.loads + 5 .sbn, 9.3 MB):
#   1. one client fetching the load set at blksize 512 / 1428 / 8192 (atftp), box vs tftpd-hpa vs dnsmasq;
#   2. 50 phones at once (busybox udhcpc + tftp-hpa: config, .loads, every component), box vs dnsmasq DHCP +
#      tftpd-hpa; wall time, aggregate throughput, the box's peak RSS (VmHWM) with a 1 GB board's heap cap;
#   3. time from process start to the first DHCPOFFER and the first TFTP DATA, the box with its default guard
#      (serves after a quiet 0.5 s, listens 5 s) and with --force-dhcp, dnsmasq and in.tftpd for reference.
# Medians of several runs, servers alternated round by round so machine noise hits all alike. Ratios are
# box time / peer time: below 1.00 the box is faster. Prints the table and writes it to bench/results.md.
# Needs root; all traffic stays on a bridge inside namespaces it creates (names carry $$) and deletes.
# Usage: scripts/bench.sh            (env: ROUNDS=5 PHONES=50 PHONE_ROUNDS=3 START_ROUNDS=3 OUT=bench/results.md;
#                                    ROWS="2" runs only row 2 and writes no file unless OUT is given)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
phones=${PHONES:-50}
phone_rounds=${PHONE_ROUNDS:-3}
start_rounds=${START_ROUNDS:-3}
rows=${ROWS:-1 2 3}
out=${OUT:-}
[ -n "$out" ] || [ "$rows" != "1 2 3" ] || out=bench/results.md
want() { [[ " $rows " == *" $1 "* ]]; }
# shellcheck source=scripts/lib/link.sh
. scripts/lib/link.sh
scripts/install-deps

id=pfb$$
sw=${id}sw sbox=${id}box shpa=${id}hpa sdnm=${id}dnm cl=${id}cl
work=$(mktemp -d /tmp/phoneflasher-bench.XXXXXX)
cgroups=()
pids=()
cleanup() {
  rc=$?
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  link_teardown
  for g in "${cgroups[@]}"; do rmdir "$g" 2>/dev/null; done
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT INT TERM

# --- the link: servers and clients each on a veth into one bridge (scripts/lib/link.sh)
new_switch "$sw"
newns "$sbox"; plug "$sbox" vsrv 10.99.0.1/24
newns "$shpa"; plug "$shpa" vsrv 10.99.0.3/24
newns "$sdnm"; plug "$sdnm" vsrv 10.99.0.4/24
newns "$cl"; plug "$cl" vcl 10.99.0.2/24 02:00:00:00:00:02
for i in $(seq 1 "$phones"); do
  newns "${id}p$i"; plug "${id}p$i" vph - "$(printf '00:1e:7a:00:%02x:%02x' $((i / 256)) $((i % 256)))"
done

stick=$work/stick
java -jar "$jar" sample-stick --out "$stick" --percent 100 >/dev/null
# The peers serve a hand-written config, as people do today; the box answers with the one it generates.
cat > "$stick/XMLDefault.cnf.xml" <<'XML'
<Default><callManagerGroup><members><member priority="0"><callManager><ports><sipPort>5060</sipPort></ports><processNodeName>10.99.0.1</processNodeName></callManager></member></members></callManagerGroup><loadInformation436 model="Cisco 7965">SIP45.9-4-2SR3-1S</loadInformation436></Default>
XML
loads=SIP45.9-4-2SR3-1S.loads
mapfile -t components < <(grep -a -o '^[A-Za-z0-9._-]*\.sbn' "$stick/$loads")
[ ${#components[@]} -eq 5 ] || { echo "expected 5 components in $loads, got ${components[*]}" >&2; exit 1; }
set_files=("$loads" "${components[@]}")
set_bytes=0
for f in "${set_files[@]}"; do set_bytes=$((set_bytes + $(stat -c %s "$stick/$f"))); done
(cd "$stick" && sha256sum "${set_files[@]}") > "$work/set.sha256"

now() { date +%s%N; }
secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }'; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v b="$1" -v h="$2" 'BEGIN { printf "%.2f", b / h }'; }
wait_log() { # file text
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "never logged \"$2\" in $1:" >&2; cat "$1" >&2; exit 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start_box() { # log [extra serve options...]
  local log=$1; shift
  ip netns exec "$sbox" "${box_java[@]}" -jar "$jar" serve --interface vsrv --usb "$stick" --data "$work/data" \
    --http-port 8080 --pool 10.99.0.100-10.99.0.199 "$@" >"$log" 2>&1 &
  boxpid=$!; pids+=("$boxpid")
}
start_hpa() { ip netns exec "$shpa" in.tftpd -L -s "$stick" -a 10.99.0.3:69 -u root >"$work/hpa.log" 2>&1 & hpapid=$!; pids+=("$hpapid"); }
dnsmasq_common=(dnsmasq --keep-in-foreground --port=0 --conf-file=/dev/null --interface=vsrv --bind-interfaces --user=root --log-facility=-)

rows1=() row2='' row2phases='' row2cpu='' row2rss='' row3a='' row3b='' row3c='' row3d=''
# ================= 1. one client, the load set, three block sizes
if want 1; then
start_box "$work/box1.log"
start_hpa
ip netns exec "$sdnm" "${dnsmasq_common[@]}" --enable-tftp --tftp-root="$stick" >"$work/dnm1.log" 2>&1 &
dnmpid=$!; pids+=("$dnmpid")
wait_log "$work/box1.log" "serving .* on vsrv: TFTP"

fetch_set() { # server blksize -> seconds; fails loudly on a wrong byte
  local opts=() start end d=$work/got
  [ "$2" = 512 ] || opts=(--option "blksize $2")
  rm -rf "$d"; mkdir -p "$d"
  start=$(now)
  for f in "${set_files[@]}"; do
    ip netns exec "$cl" atftp "${opts[@]}" -g -r "$f" -l "$d/$f" "$1" 69 >/dev/null 2>&1
  done
  end=$(now)
  (cd "$d" && sha256sum --quiet -c "$work/set.sha256") || { echo "corrupt download from $1 at blksize $2" >&2; exit 1; }
  secs "$start" "$end"
}
for s in 10.99.0.1 10.99.0.3 10.99.0.4; do fetch_set "$s" 512 >/dev/null; done # warm JIT and page cache alike
echo "1. one client (atftp), the 7965 load set ($set_bytes bytes), median of $rounds alternated rounds" >&2
rows1=()
for bs in 512 1428 8192; do
  : > "$work/t.box"; : > "$work/t.hpa"; : > "$work/t.dnm"
  for _ in $(seq 1 "$rounds"); do
    fetch_set 10.99.0.1 "$bs" >> "$work/t.box"
    fetch_set 10.99.0.3 "$bs" >> "$work/t.hpa"
    fetch_set 10.99.0.4 "$bs" >> "$work/t.dnm"
  done
  b=$(median < "$work/t.box"); h=$(median < "$work/t.hpa"); d=$(median < "$work/t.dnm")
  mbs=$(awk -v n="$set_bytes" -v t="$b" 'BEGIN { printf "%.1f", n / t / 1e6 }')
  rows1+=("| 1. single transfer, blksize $bs | $b s ($mbs MB/s) | $h s | $d s | $(ratio "$b" "$h") | $(ratio "$b" "$d") |")
  echo "  blksize $bs: box $b s, tftpd-hpa $h s, dnsmasq $d s" >&2
done
stop "$boxpid"; stop "$hpapid"; stop "$dnmpid"
fi

# ================= 2. fifty phones at once
if want 2; then
cat > "$work/udhcpc.sh" <<'EOF'
#!/bin/sh
# udhcpc's script: take the address; remember the TFTP server (option 150 if the client exports it, else 66, else siaddr).
case "$1" in
  deconfig) ip addr flush dev "$interface" ;;
  bound|renew)
    ip addr add "$ip/${mask:-24}" dev "$interface"
    server=${siaddr:-}; [ -n "${tftp:-}" ] && server=$tftp
    # busybox exports option 150 as hex (0a630001): make it a dotted quad.
    if [ -n "${opt150:-}" ]; then
      # shellcheck disable=SC2046
      set -- $(echo "$opt150" | cut -c1-8 | sed 's/../0x& /g')
      server=$(printf '%d.%d.%d.%d' "$1" "$2" "$3" "$4")
    fi
    echo "$server" > "$LEASE_FILE" ;;
esac
exit 0
EOF
chmod +x "$work/udhcpc.sh"
phone() { # i ; exits non-zero on any failure
  local i=$1 ns=${id}p$1 d=$work/phones/$1 mac server
  mac=$(printf '001E7A00%02X%02X' $((i / 256)) $((i % 256)))
  rm -rf "$d"; mkdir -p "$d"; cd "$d"
  ip -n "$ns" addr flush dev vph
  local t0 t1 t2; t0=$(now)
  LEASE_FILE=$d/server ip netns exec "$ns" busybox udhcpc -i vph -q -n -t 10 -T 1 -s "$work/udhcpc.sh" >udhcpc.log 2>&1
  read -r server < "$d/server"
  t1=$(now)
  # tftp-hpa exits 0 on a TFTP error, so a missing SEP<MAC>.cnf.xml shows as an empty or absent file.
  ip netns exec "$ns" tftp -m binary "$server" -c get "SEP$mac.cnf.xml" >>tftp.log 2>&1 || true
  [ -s "SEP$mac.cnf.xml" ] || { rm -f "SEP$mac.cnf.xml"; ip netns exec "$ns" tftp -m binary "$server" -c get XMLDefault.cnf.xml >>tftp.log 2>&1; }
  t2=$(now)
  for f in "${set_files[@]}"; do ip netns exec "$ns" tftp -m binary "$server" -c get "$f" >>tftp.log 2>&1; done
  sha256sum --quiet -c "$work/set.sha256" >>tftp.log 2>&1
  echo "$t0 $t1 $t2 $(now)" > "$d/phases"
}
# CPU time of a server and every process it forks (tftpd-hpa forks one per transfer): a cgroup per server.
cg_root=
if [ -w /sys/fs/cgroup/cpuacct/cgroup.procs ]; then cg_root=/sys/fs/cgroup/cpuacct
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then cg_root=/sys/fs/cgroup
fi
cg_join() { # name pid... ; no-op without cgroups
  [ -n "$cg_root" ] || return 0
  local g=$cg_root/${id}$1 p
  [ -d "$g" ] || { mkdir "$g"; cgroups+=("$g"); }
  for p in "${@:2}"; do echo "$p" > "$g/cgroup.procs" 2>/dev/null || true; done
}
cg_usec() { # name -> CPU microseconds used so far by the group
  local g=$cg_root/${id}$1
  if [ -f "$g/cpuacct.usage" ]; then echo $(( $(cat "$g/cpuacct.usage") / 1000 ))
  elif [ -f "$g/cpu.stat" ]; then awk '/^usage_usec/ {print $2}' "$g/cpu.stat"
  else echo 0; fi
}
phases() { # -> "DHCP s / config s / load set s": medians over the phones of the last flash_all
  local p
  for p in 2 3 4; do
    cat "$work"/phones/*/phases | awk -v p="$p" '{ printf "%.3f\n", ($p - $(p - 1)) / 1e9 }' | median
  done | paste -sd' ' | awk '{ printf "%s / %s / %s s", $1, $2, $3 }'
}
flash_all() { # -> seconds for every phone to be done; fails if one phone failed
  local start end ps=() bad=0
  start=$(now)
  for i in $(seq 1 "$phones"); do phone "$i" & ps+=($!); done
  for p in "${ps[@]}"; do wait "$p" || bad=$((bad + 1)); done
  end=$(now)
  [ "$bad" -eq 0 ] || { echo "$bad of $phones phones failed; e.g.:" >&2; tail -n 5 "$work"/phones/*/tftp.log | head -40 >&2; exit 1; }
  secs "$start" "$end"
}
phone_bytes=$(( (set_bytes + $(stat -c %s "$stick/XMLDefault.cnf.xml")) * phones ))
echo "2. $phones phones at once (udhcpc + tftp-hpa), median of $phone_rounds alternated rounds" >&2
: > "$work/t.box"; : > "$work/t.hpa"; : > "$work/rss"; : > "$work/ph.box"; : > "$work/ph.hpa"; : > "$work/cpu.box"; : > "$work/cpu.hpa"
for r in $(seq 1 "$phone_rounds"); do
  start_box "$work/box2.$r.log"
  wait_log "$work/box2.$r.log" "serving .* on vsrv: TFTP"
  wait_log "$work/box2.$r.log" "DHCP serving" # ready, as dnsmasq is once it logs its range
  cg_join box "$boxpid"; c0=$(cg_usec box)
  flash_all >> "$work/t.box"
  echo $(( $(cg_usec box) - c0 )) >> "$work/cpu.box"
  phases >> "$work/ph.box"; echo >> "$work/ph.box"
  awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$boxpid/status" >> "$work/rss"
  grep -q "DHCP lease" "$work/box2.$r.log" || { echo "the box leased nothing" >&2; exit 1; }
  stop "$boxpid"
  start_hpa
  ip netns exec "$shpa" "${dnsmasq_common[@]}" --dhcp-range=10.99.0.100,10.99.0.199,255.255.255.0,1h \
    --dhcp-option=150,10.99.0.3 --dhcp-option=66,10.99.0.3 --dhcp-boot=none,,10.99.0.3 --dhcp-authoritative --no-ping \
    --dhcp-leasefile="$work/dnsmasq.leases" >"$work/dnm2.$r.log" 2>&1 &
  dnmpid=$!; pids+=("$dnmpid")
  wait_log "$work/dnm2.$r.log" "DHCP, IP range"
  cg_join peers "$hpapid" "$dnmpid"; c0=$(cg_usec peers)
  flash_all >> "$work/t.hpa"
  echo $(( $(cg_usec peers) - c0 )) >> "$work/cpu.hpa"
  phases >> "$work/ph.hpa"; echo >> "$work/ph.hpa"
  stop "$dnmpid"; stop "$hpapid"
  echo "  round $r: box $(tail -n1 "$work/t.box") s (VmHWM $(tail -n1 "$work/rss") MB; phases $(tail -n1 "$work/ph.box")), tftpd-hpa+dnsmasq $(tail -n1 "$work/t.hpa") s ($(tail -n1 "$work/ph.hpa")); CPU µs box $(tail -n1 "$work/cpu.box"), peers $(tail -n1 "$work/cpu.hpa")" >&2
done
b=$(median < "$work/t.box"); h=$(median < "$work/t.hpa"); rss=$(sort -n "$work/rss" | tail -n1)
bmb=$(awk -v n="$phone_bytes" -v t="$b" 'BEGIN { printf "%.1f", n / t / 1e6 }')
hmb=$(awk -v n="$phone_bytes" -v t="$h" 'BEGIN { printf "%.1f", n / t / 1e6 }')
row2="| 2. $phones phones at once, wall time (aggregate) | $b s ($bmb MB/s) | $h s ($hmb MB/s) | (DHCP of the tftpd-hpa run) | $(ratio "$b" "$h") | |"
row2phases="| 2. per phone, DHCP / config / load set (medians; last round) | $(tail -n1 "$work/ph.box") | $(tail -n1 "$work/ph.hpa") | | | |"
if [ -n "$cg_root" ]; then
  cb=$(median < "$work/cpu.box" | awk '{ printf "%.2f", $1 / 1e6 }')
  ch=$(median < "$work/cpu.hpa" | awk '{ printf "%.2f", $1 / 1e6 }')
  row2cpu="| 2. CPU time the servers used for it (user + system, per cgroup) | $cb s | $ch s (with dnsmasq) | | $(ratio "$cb" "$ch") | |"
fi
row2rss="| 2. the box's peak RSS (VmHWM) serving $phones phones, ${box_java[*]} | $rss MB (max of $phone_rounds runs) | | | | |"
fi

# ================= 3. time from process start to the first OFFER and the first TFTP DATA
if want 3; then
cat > "$work/probe.py" <<'EOF'
# Probes from the client namespace until the server answers; prints the wall-clock ns of the first answer.
# dhcp: a DISCOVER (broadcast flag) every 20 ms from vcl until an OFFER comes back. tftp SERVER: an RRQ for
# OS79XX.TXT every 20 ms until a DATA packet comes back.
import os, socket, struct, sys, time
kind = sys.argv[1]
deadline = time.time() + 30
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.settimeout(0.02)
if kind == "dhcp":
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"vcl")
    s.bind(("", 68))
    mac = bytes.fromhex("020000000002")
    xid = os.getpid() & 0xffffffff
    pkt = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      b"\0" * 4, mac + b"\0" * 10, b"", b"") + b"\x63\x82\x53\x63" + b"\x35\x01\x01\xff"
    dest = ("255.255.255.255", 67)
else:
    s.bind(("", 0))
    pkt = b"\x00\x01OS79XX.TXT\x00octet\x00"
    dest = (sys.argv[2], 69)
open(sys.argv[-1], "w").close()  # ready
while time.time() < deadline:
    try:
        s.sendto(pkt, dest)
    except OSError:
        pass
    end = time.time() + 0.02
    while time.time() < end:
        try:
            data, src = s.recvfrom(2048)
        except socket.timeout:
            break
        except OSError:
            continue
        t = time.time_ns()
        if kind == "dhcp" and len(data) > 240 and data[4:8] == struct.pack("!I", xid) and b"\x35\x01\x02" in data[240:]:
            print(t); sys.exit(0)
        if kind == "tftp" and data[:4] == b"\x00\x03\x00\x01":
            print(t); sys.exit(0)
print("nan"); sys.exit(1)
EOF
declare -A probe_pid=()
probe_start() { # kind [server] -> starts a probe in the client namespace, output in $work/probe.<kind>
  rm -f "$work/ready.$1"
  ip netns exec "$cl" python3 "$work/probe.py" "$@" "$work/ready.$1" > "$work/probe.$1" 2>&1 &
  pids+=($!); probe_pid[$1]=$!
  for _ in $(seq 1 100); do [ -e "$work/ready.$1" ] && return 0; sleep 0.05; done
}
probe_ms() { # kind t0 -> milliseconds from t0 to the first answer
  local t; read -r t < "$work/probe.$1" || t=nan
  [ "$t" = nan ] && { echo nan; return; }
  awk -v s="$2" -v e="$t" 'BEGIN { printf "%d\n", (e - s) / 1e6 }'
}
echo "3. time to first OFFER / first TFTP DATA, median of $start_rounds runs" >&2
: > "$work/t.defo"; : > "$work/t.deft"; : > "$work/t.forco"; : > "$work/t.forct"; : > "$work/t.dnmo"; : > "$work/t.hpat"
for r in $(seq 1 "$start_rounds"); do
  for mode in def forc; do
    rm -rf "$work/data"
    probe_start dhcp; probe_start tftp 10.99.0.1
    t0=$(now)
    if [ "$mode" = def ]; then start_box "$work/box3.log"; else start_box "$work/box3.log" --force-dhcp; fi
    wait "${probe_pid[dhcp]}" || true; wait "${probe_pid[tftp]}" || true
    probe_ms dhcp "$t0" >> "$work/t.${mode}o"; probe_ms tftp "$t0" >> "$work/t.${mode}t"
    stop "$boxpid"
  done
  probe_start dhcp; probe_start tftp 10.99.0.3
  t0=$(now)
  ip netns exec "$shpa" "${dnsmasq_common[@]}" --dhcp-range=10.99.0.100,10.99.0.199,255.255.255.0,1h \
    --dhcp-authoritative --dhcp-leasefile="$work/dnsmasq3.leases" >"$work/dnm3.log" 2>&1 &
  dnmpid=$!; pids+=("$dnmpid")
  start_hpa
  wait "${probe_pid[dhcp]}" || true; wait "${probe_pid[tftp]}" || true
  probe_ms dhcp "$t0" >> "$work/t.dnmo"; probe_ms tftp "$t0" >> "$work/t.hpat"
  stop "$dnmpid"; stop "$hpapid"; rm -f "$work/dnsmasq3.leases"
  echo "  run $r: box default $(tail -n1 "$work/t.defo")/$(tail -n1 "$work/t.deft") ms," \
    "--force-dhcp $(tail -n1 "$work/t.forco")/$(tail -n1 "$work/t.forct") ms," \
    "dnsmasq $(tail -n1 "$work/t.dnmo") ms, in.tftpd $(tail -n1 "$work/t.hpat") ms" >&2
done
ms() { median < "$work/t.$1"; }
row3a="| 3. start → first DHCPOFFER, default guard (serves after a quiet 0.5 s, listens on to 5 s) | $(ms defo) ms | | $(ms dnmo) ms (dnsmasq) | | $(ratio "$(ms defo)" "$(ms dnmo)") |"
row3b="| 3. start → first DHCPOFFER, --force-dhcp | $(ms forco) ms | | $(ms dnmo) ms (dnsmasq) | | $(ratio "$(ms forco)" "$(ms dnmo)") |"
row3c="| 3. start → first TFTP DATA, default | $(ms deft) ms | $(ms hpat) ms | | $(ratio "$(ms deft)" "$(ms hpat)") | |"
row3d="| 3. start → first TFTP DATA, --force-dhcp | $(ms forct) ms | $(ms hpat) ms | | $(ratio "$(ms forct)" "$(ms hpat)") | |"
fi

# ================= the table
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
table=$(cat <<EOF
| measurement | box | tftpd-hpa | dnsmasq | box/tftpd-hpa | box/dnsmasq |
| --- | --- | --- | --- | --- | --- |
$(printf '%s\n' "${rows1[@]}" "$row2" "$row2phases" "$row2cpu" "$row2rss" "$row3a" "$row3b" "$row3c" "$row3d" | grep -v '^$')
EOF
)
if [ -z "$out" ]; then echo; echo "$table"; exit 0; fi
mkdir -p "$(dirname "$out")"
cat > "$out" <<EOF
# Benchmark results

Written by \`sudo scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(uname -m),
$cpu, kernel $(uname -r); $(java -version 2>&1 | head -n1).

Times are medians (rows 1: $rounds rounds, row 2: $phone_rounds rounds, row 3: $start_rounds runs), servers alternated
round by round; ratios are box time / peer time (below 1.00: the box is faster). Row 1: one atftp client fetches
the 7965 load set (${#set_files[@]} files, $set_bytes bytes, byte-exact), block size 512 without options (as
phones), 1428 and 8192 with \`--option "blksize N"\`. Row 2: $phones namespaces on one bridge, each \`busybox udhcpc\`
then \`tftp -m binary\` for SEP<MAC>.cnf.xml (else XMLDefault.cnf.xml), the .loads and its 5 components, byte-exact;
the box runs as \`${box_java[*]}\`; the peer is tftpd-hpa with dnsmasq's DHCP (\`--no-ping\`, as the box does
not ping either). Row 3: a DISCOVER (and an RRQ) every 20 ms from a client until the
first answer, timed from the server process's start.

$table
EOF
echo
cat "$out"
