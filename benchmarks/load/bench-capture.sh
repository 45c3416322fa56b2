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
# Environment: COUNT_GETPPID, COUNT_OPENCLOSE, RUNS, LOAD_CPU, CONSUMER_CPU.
#
# Each of the RUNS rounds measures the load without the probe, then with a consumer
# started for that run alone: on a shared VM the speed of the machine drifts by tens of
# percent within seconds, and alternating keeps both sides of a ratio in the same
# conditions. Rates are medians over the rounds; the slowdown is the median of the
# rounds' own ratios, on wall-clock time and on the load's CPU time (which leaves out
# the time other processes took its CPU). The load average is printed before and after.
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
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# plain MODE COUNT -> "syscalls/s syscalls/cpu-s" of one run without the probe
plain() {
	local line; line=$("$load" "$1" "$2" "$LOAD_CPU")
	echo "$(field syscalls_per_s <<<"$line") $(field syscalls_per_cpu_s <<<"$line")"
}

# probed MODE COUNT SYSCALLS -> "syscalls/s syscalls/cpu-s events/s drops" of one run with
# a consumer started for it
probed() {
	local log; log=$(mktemp)
	KITE_BENCH_SYSCALLS=$3 taskset -c "$CONSUMER_CPU" $CONSUMER -s "$3" >"$log.out" 2>"$log" &
	local pid=$!
	for _ in $(seq 400); do grep -q attached "$log" 2>/dev/null && break; sleep 0.05; done
	grep -q attached "$log" || { cat "$log" >&2; kill "$pid" 2>/dev/null; exit 1; }
	local start end line
	start=$(date +%s.%N)
	line=$("$load" "$1" "$2" "$LOAD_CPU")
	end=$(date +%s.%N)
	sleep 0.2 # let the consumer drain the tail
	# SIGTERM, not SIGINT: a background job of a non-interactive shell starts with SIGINT ignored,
	# and a .NET consumer (kite capture) keeps it ignored.
	kill -TERM "$pid"; wait "$pid" || true
	local records drops
	records=$(field records <"$log.out"); drops=$(field drops_ringbuf_full <"$log.out")
	rm -f "$log" "$log.out"
	echo "$(field syscalls_per_s <<<"$line") $(field syscalls_per_cpu_s <<<"$line")" \
		"$(awk -v n="$records" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", n / (e - s)}') $drops"
}

echo "load average before: $(loadavg)"
printf '%-10s %16s %16s %9s %9s %14s %10s\n' load "no probe /s" "probe+consumer /s" slowdown "cpu-time" "events /s" drops
for mode in getppid openclose; do
	if [ "$mode" = getppid ]; then count=$COUNT_GETPPID; sys=110; else count=$COUNT_OPENCLOSE; sys=257,3; fi
	rounds=$(for _ in $(seq "$RUNS"); do
		read -r base base_cpu < <(plain "$mode" "$count")
		read -r rate rate_cpu events drops < <(probed "$mode" "$count" "$sys")
		echo "$base $rate $(awk -v a="$base" -v b="$rate" 'BEGIN {print a / b}')" \
			"$(awk -v a="$base_cpu" -v b="$rate_cpu" 'BEGIN {print a / b}') $events $drops"
	done)
	col() { awk -v c="$1" '{print $c}' <<<"$rounds" | median; }
	printf '%-10s %16.0f %16.0f %8.2fx %8.2fx %14s %10s\n' "$mode" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)" \
		"$(awk '{s += $6} END {print s}' <<<"$rounds")"
done
echo "load average after: $(loadavg)"
