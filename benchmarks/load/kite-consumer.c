// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * kite-consumer: the C baseline consumer. Loads the probe through libkite.so, turns
 * on the syscalls given, attaches, and drains the ring with libbpf's own consumer
 * (ring_buffer__poll/consume) until the duration ends or it is signalled. Prints one
 * line: records, seconds, records/s and the probe's drop counters.
 *
 *   kite-consumer [-d seconds] [-s nr[,nr...]] [-e event_type[,...]] [-a] [-r ring_bytes] [-n] [-v]
 *     -s  syscall numbers to capture   -e  Kite event type ids   -a  everything
 *     -n  attach but never drain (measures the probe alone: records past the ring's size are dropped)
 *     -v  print libbpf/verifier messages
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kite.h"

static volatile sig_atomic_t s_stop;
static int s_verbose;

static void on_signal(int sig)
{
	(void)sig;
	s_stop = 1;
}

static void on_log(int32_t level, const char *message)
{
	if (s_verbose || level >= 3)
		fputs(message, stderr);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double duration = 10;
	const char *syscalls = NULL, *events = NULL;
	int all = 0, no_drain = 0;
	kite_probe_options opts = {0};
	int c;
	while ((c = getopt(argc, argv, "d:s:e:ar:nv")) != -1) {
		switch (c) {
		case 'd': duration = atof(optarg); break;
		case 's': syscalls = optarg; break;
		case 'e': events = optarg; break;
		case 'a': all = 1; break;
		case 'r': opts.ringbuf_bytes = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'n': no_drain = 1; break;
		case 'v': s_verbose = 1; break;
		default:
			fprintf(stderr, "usage: %s [-d seconds] [-s nr,...] [-e event_type,...] [-a] [-r ring_bytes] [-n] [-v]\n", argv[0]);
			return 2;
		}
	}
	kite_set_log_callback(on_log);
	opts.agent_tgid = (uint32_t)getpid();
	kite_probe *probe = NULL;
	int err = kite_probe_open(&opts, &probe);
	if (err) {
		fprintf(stderr, "kite-consumer: opening the probe failed: %s\n", strerror(-err));
		return 1;
	}
	if (all)
		err = kite_probe_set_all_interesting(probe, 1);
	for (char *list = syscalls ? strdup(syscalls) : NULL, *tok = list ? strtok(list, ",") : NULL; !err && tok; tok = strtok(NULL, ","))
		err = kite_probe_set_interesting(probe, (uint32_t)atoi(tok), 1);
	for (char *list = events ? strdup(events) : NULL, *tok = list ? strtok(list, ",") : NULL; !err && tok; tok = strtok(NULL, ","))
		err = kite_probe_set_event_interesting(probe, (uint16_t)atoi(tok), 1);
	if (!err)
		err = kite_probe_attach(probe);
	if (err) {
		fprintf(stderr, "kite-consumer: configuring the probe failed: %s\n", strerror(-err));
		kite_probe_close(probe);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "kite-consumer: attached\n");

	uint64_t total = 0;
	double start = now_s(), end = start + duration;
	while (!s_stop && now_s() < end) {
		uint64_t n = 0;
		if (no_drain) {
			usleep(10000);
			continue;
		}
		/* The probe wakes the reader only past a fill threshold: poll with a short timeout. */
		err = kite_probe_drain_with_libbpf(probe, 10, &n);
		if (err && err != -EINTR) {
			fprintf(stderr, "kite-consumer: draining failed: %s\n", strerror(-err));
			break;
		}
		total += n;
	}
	double elapsed = now_s() - start;
	uint64_t n = 0;
	kite_probe_detach(probe);
	if (!no_drain) {
		kite_probe_drain_with_libbpf(probe, 0, &n);
		total += n;
	}
	struct kite_probe_counters counters;
	kite_probe_read_counters(probe, &counters);
	printf("records=%llu seconds=%.3f records_per_s=%.0f emitted=%llu drops_ringbuf_full=%llu read_faults=%llu truncated=%llu\n",
	       (unsigned long long)total, elapsed, total / elapsed, (unsigned long long)counters.events_emitted,
	       (unsigned long long)counters.drops[KITE_DROP_RINGBUF_FULL], (unsigned long long)counters.drops[KITE_DROP_READ_FAULT],
	       (unsigned long long)counters.drops[KITE_DROP_TRUNCATED]);
	kite_probe_close(probe);
	return 0;
}
