// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * kite-load: issues cheap syscalls at full speed on one core and reports the rate.
 *
 *   kite-load getppid   [count] [cpu]   count getppid() calls
 *   kite-load openclose [count] [cpu]   count openat("/dev/null")+close pairs (2 syscalls each)
 *
 * Prints: mode=... syscalls=N seconds=S syscalls_per_s=R ns_per_syscall=T cpu_seconds=C syscalls_per_cpu_s=Q
 * (the CPU-time rate leaves out the time the load was preempted: steadier on a busy machine)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

int main(int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "getppid") && strcmp(argv[1], "openclose"))) {
		fprintf(stderr, "usage: %s getppid|openclose [count] [cpu]\n", argv[0]);
		return 2;
	}
	long count = argc > 2 ? atol(argv[2]) : 2000000;
	int cpu = argc > 3 ? atoi(argv[3]) : 0;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("kite-load: sched_setaffinity");

	int openclose = !strcmp(argv[1], "openclose");
	long syscalls = 0;
	double start = now_s();
	double cpu_start = clock_s(CLOCK_THREAD_CPUTIME_ID);
	if (openclose) {
		for (long i = 0; i < count; i++) {
			/* raw syscalls: libc may use openat or cache nothing; both are the same call */
			int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
			if (fd >= 0)
				syscall(SYS_close, fd);
		}
		syscalls = 2 * count;
	} else {
		for (long i = 0; i < count; i++)
			syscall(SYS_getppid);
		syscalls = count;
	}
	double elapsed = now_s() - start;
	double cpu_s = clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
	printf("mode=%s syscalls=%ld seconds=%.3f syscalls_per_s=%.0f ns_per_syscall=%.1f cpu_seconds=%.3f syscalls_per_cpu_s=%.0f\n",
	       argv[1], syscalls, elapsed, syscalls / elapsed, elapsed * 1e9 / syscalls, cpu_s, syscalls / cpu_s);
	return 0;
}
