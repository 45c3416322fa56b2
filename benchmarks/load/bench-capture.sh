#!/usr/bin/env bash
# Capture benchmark: syscalls/s of a one-core load with no probe, then with the probe
# attached and a consumer draining it; events/s delivered, drops, slowdown.
#
#   benchmarks/load/bench-capture.sh                 (or: make bench-capture)
#   CONSUMER="<command>" benchmarks/load/bench-capture.sh
#
# The consumer is pluggable so the C# reader can be measured the same way as the C
# baseline. Contract for CONSUMER: load the probe, turn on the syscall numbers listed
# in $KITE_BENCH_SYSCALLS (comma-separated), attach, print "attached" on stderr, drain
# until SIGTERM, then print one line on stdout containing records=N and
# drops_ringbuf_full=M. Default: the C baseline, out/bench/kite-consumer (libbpf).
# Environment: COUNT_GETPPID, COUNT_OPENCLOSE, RUNS (median of), LOAD_CPU, CONSUMER_CPU.
# Besides the wall-clock rates, the slowdown is also given on the load's CPU time, which
# leaves out the time other processes took the load's CPU (a shared machine); the load
# average is printed before and after.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${OUT:-$root/out}
make -s -C "$here" OUT="$out"
load=$out/bench/kite-load
COUNT_GETPPID=${COUNT_GETPPID:-3000000}
COUNT_OPENCLOSE=${COUNT_OPENCLOSE:-500000}
RUNS=${RUNS:-3}
LOAD_CPU=${LOAD_CPU:-0}
CONSUMER_CPU=${CONSUMER_CPU:-1}
CONSUMER=${CONSUMER:-"$out/bench/kite-consumer -d 100000"}
[ "$(id -u)" = 0 ] || { echo "bench-capture: needs root (BPF)"; exit 1; }

field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# runs MODE COUNT -> RUNS lines "syscalls/s syscalls/cpu-s"
runs() {
	for _ in $(seq "$RUNS"); do
		local line; line=$("$load" "$1" "$2" "$LOAD_CPU")
		echo "$(field syscalls_per_s <<<"$line") $(field syscalls_per_cpu_s <<<"$line")"
	done
}
# medians <lines> -> "median(wall rate) median(cpu rate)"
medians() { local l; l=$(cat); echo "$(cut -d' ' -f1 <<<"$l" | median) $(cut -d' ' -f2 <<<"$l" | median)"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# with_probe MODE COUNT SYSCALLS -> "rate cpu_rate events_per_s drops"
with_probe() {
	local log; log=$(mktemp)
	KITE_BENCH_SYSCALLS=$3 taskset -c "$CONSUMER_CPU" $CONSUMER -s "$3" >"$log.out" 2>"$log" &
	local pid=$!
	for _ in $(seq 200); do grep -q attached "$log" 2>/dev/null && break; sleep 0.05; done
	grep -q attached "$log" || { cat "$log" >&2; kill "$pid" 2>/dev/null; exit 1; }
	local start end r
	start=$(date +%s.%N)
	r=$(runs "$1" "$2" | medians)
	end=$(date +%s.%N)
	sleep 0.2 # let the consumer drain the tail
	# SIGTERM, not SIGINT: a background job of a non-interactive shell starts with SIGINT ignored,
	# and a .NET consumer (kite capture) keeps it ignored.
	kill -TERM "$pid"; wait "$pid" || true
	local records drops
	records=$(field records <"$log.out"); drops=$(field drops_ringbuf_full <"$log.out")
	rm -f "$log" "$log.out"
	echo "$r $(awk -v n="$records" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", n / (e - s)}') $drops"
}

echo "load average before: $(loadavg)"
printf '%-10s %16s %16s %9s %9s %14s %10s\n' load "no probe /s" "probe+consumer /s" slowdown "cpu-time" "events /s" drops
for mode in getppid openclose; do
	if [ "$mode" = getppid ]; then count=$COUNT_GETPPID; sys=110; else count=$COUNT_OPENCLOSE; sys=257,3; fi
	read -r base base_cpu < <(runs "$mode" "$count" | medians)
	read -r probed probed_cpu events drops < <(with_probe "$mode" "$count" "$sys")
	printf '%-10s %16.0f %16.0f %8.2fx %8.2fx %14s %10s\n' "$mode" "$base" "$probed" \
		"$(awk -v a="$base" -v b="$probed" 'BEGIN {print a / b}')" "$(awk -v a="$base_cpu" -v b="$probed_cpu" 'BEGIN {print a / b}')" \
		"$events" "$drops"
done
echo "load average after: $(loadavg)"
