// SPDX-License-Identifier: GPL-2.0-only OR MIT
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "kite.h"
#include "kite.skel.h"

struct kite_probe {
	struct kite_bpf *skel;
	struct ring_buffer *libbpf_rb; /* created lazily by kite_probe_drain_with_libbpf */
	uint64_t libbpf_records;
	/* kite_probe_debug_copy_records' destination while it consumes */
	uint8_t *copy_buf;
	uint32_t copy_cap;
	uint32_t copy_len;
	uint32_t copy_records;
	int attached;
};

/* Event type -> syscall numbers, from the same table the probe is compiled with. */
struct syscall_row {
	uint32_t nr;
	uint16_t event;
};
#define KITE__SHIM_SYSCALL(sname, nr, evt) {nr, KITE_EVT_##evt},
static const struct syscall_row s_syscalls[] = {KITE_SYSCALLS(KITE__SHIM_SYSCALL)};
#define KITE__SHIM_NONSYSCALL(evt) KITE_EVT_##evt,
static const uint16_t s_non_syscall_events[] = {KITE_NON_SYSCALL_EVENTS(KITE__SHIM_NONSYSCALL)};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static kite_log_fn s_log_fn;

static void log_message(int32_t level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (s_log_fn)
		s_log_fn(level, buf);
	else
		fprintf(stderr, "libkite: %s", buf);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !s_log_fn)
		return 0;
	if (!s_log_fn)
		return vfprintf(stderr, fmt, ap);
	/* Verifier logs arrive as one message of many kilobytes: format without a fixed bound. */
	char *buf = NULL;
	if (vasprintf(&buf, fmt, ap) < 0)
		return 0;
	int32_t ours = level == LIBBPF_WARN ? 2 : level == LIBBPF_INFO ? 1 : 0;
	s_log_fn(ours, buf);
	free(buf);
	return 0;
}

int32_t kite_abi_version(void)
{
	return KITE_PROBE_ABI_VERSION;
}

void kite_set_log_callback(kite_log_fn fn)
{
	s_log_fn = fn;
	libbpf_set_print(libbpf_print);
}

int32_t kite_probe_open(const kite_probe_options *opts, kite_probe **out)
{
	if (!out)
		return -EINVAL;
	*out = NULL;
	libbpf_set_print(libbpf_print);

	kite_probe_options o = {0};
	if (opts)
		o = *opts;
	if (!o.ringbuf_bytes)
		o.ringbuf_bytes = 8u * 1024 * 1024;
	if (o.ringbuf_bytes & (o.ringbuf_bytes - 1))
		return -EINVAL;
	if (!o.wakeup_threshold)
		o.wakeup_threshold = 64 * 1024;
	if (!o.args_bytes)
		o.args_bytes = KITE_DEFAULT_ARGS_BOUND;
	if (o.args_bytes < 64 || o.args_bytes > KITE_MAX_ARGS_BOUND)
		return -EINVAL;
	int ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return ncpu < 0 ? ncpu : -EINVAL;

	kite_probe *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->skel = kite_bpf__open();
	if (!p->skel) {
		int err = -errno;
		free(p);
		return err ? err : -EINVAL;
	}
	p->skel->rodata->agent_tgid = o.agent_tgid;
	p->skel->rodata->wakeup_threshold = o.wakeup_threshold;
	p->skel->rodata->args_bound = o.args_bytes;
	int err = bpf_map__set_max_entries(p->skel->maps.events_ringbuf, o.ringbuf_bytes);
	if (!err)
		err = bpf_map__set_max_entries(p->skel->maps.scratch_records, (uint32_t)ncpu);
	if (!err)
		err = kite_bpf__load(p->skel);
	if (err) {
		log_message(3, "loading the probe failed: %s\n", strerror(-err));
		kite_bpf__destroy(p->skel);
		free(p);
		return err < 0 ? err : -EINVAL;
	}
	*out = p;
	return 0;
}

int32_t kite_probe_attach(kite_probe *probe)
{
	if (!probe)
		return -EINVAL;
	if (probe->attached)
		return 0;
	int err = kite_bpf__attach(probe->skel);
	if (err)
		return err < 0 ? err : -EINVAL;
	probe->attached = 1;
	return 0;
}

int32_t kite_probe_detach(kite_probe *probe)
{
	if (!probe)
		return -EINVAL;
	if (probe->attached) {
		kite_bpf__detach(probe->skel);
		probe->attached = 0;
	}
	return 0;
}

void kite_probe_close(kite_probe *probe)
{
	if (!probe)
		return;
	if (probe->libbpf_rb)
		ring_buffer__free(probe->libbpf_rb);
	kite_bpf__destroy(probe->skel);
	free(probe);
}

int32_t kite_probe_set_interesting(kite_probe *probe, uint32_t nr, uint8_t on)
{
	if (!probe || nr >= KITE_SYSCALL_TABLE_SIZE)
		return -EINVAL;
	uint8_t v = on ? 1 : 0;
	int err = bpf_map__update_elem(probe->skel->maps.interesting_syscalls, &nr, sizeof(nr), &v, sizeof(v), BPF_ANY);
	return err < 0 ? err : 0;
}

static int32_t set_event_flag(kite_probe *probe, uint32_t event_type, uint8_t on)
{
	uint8_t v = on ? 1 : 0;
	int err = bpf_map__update_elem(probe->skel->maps.interesting_events, &event_type, sizeof(event_type), &v, sizeof(v), BPF_ANY);
	return err < 0 ? err : 0;
}

int32_t kite_probe_set_all_interesting(kite_probe *probe, uint8_t on)
{
	if (!probe)
		return -EINVAL;
	for (uint32_t nr = 0; nr < KITE_SYSCALL_TABLE_SIZE; nr++) {
		int32_t err = kite_probe_set_interesting(probe, nr, on);
		if (err)
			return err;
	}
	for (size_t i = 0; i < COUNT(s_non_syscall_events); i++) {
		int32_t err = set_event_flag(probe, s_non_syscall_events[i], on);
		if (err)
			return err;
	}
	return 0;
}

int32_t kite_probe_set_event_interesting(kite_probe *probe, uint16_t event_type, uint8_t on)
{
	if (!probe || event_type >= KITE_EVT_MAX || event_type == KITE_EVT_UNKNOWN || event_type == KITE_EVT_GENERIC)
		return -EINVAL;
	for (size_t i = 0; i < COUNT(s_non_syscall_events); i++)
		if (s_non_syscall_events[i] == event_type)
			return set_event_flag(probe, event_type, on);
	int found = 0;
	for (size_t i = 0; i < COUNT(s_syscalls); i++) {
		if (s_syscalls[i].event != event_type)
			continue;
		int32_t err = kite_probe_set_interesting(probe, s_syscalls[i].nr, on);
		if (err)
			return err;
		found = 1;
	}
	return found ? 0 : -EINVAL;
}

int32_t kite_event_type_syscalls(uint16_t event_type, uint32_t *numbers, uint32_t capacity, uint32_t *count_out)
{
	if (!count_out || (capacity && !numbers))
		return -EINVAL;
	uint32_t n = 0;
	for (size_t i = 0; i < COUNT(s_syscalls); i++) {
		if (s_syscalls[i].event != event_type)
			continue;
		if (n < capacity)
			numbers[n] = s_syscalls[i].nr;
		n++;
	}
	*count_out = n;
	return 0;
}

int32_t kite_probe_ringbuf_fd(kite_probe *probe, int32_t *fd_out)
{
	if (!probe || !fd_out)
		return -EINVAL;
	int fd = bpf_map__fd(probe->skel->maps.events_ringbuf);
	if (fd < 0)
		return fd;
	*fd_out = fd;
	return 0;
}

int32_t kite_probe_ringbuf_size(kite_probe *probe, uint32_t *size_out)
{
	if (!probe || !size_out)
		return -EINVAL;
	*size_out = bpf_map__max_entries(probe->skel->maps.events_ringbuf);
	return 0;
}

int32_t kite_probe_read_counters(kite_probe *probe, struct kite_probe_counters *out)
{
	if (!probe || !out)
		return -EINVAL;
	int ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return ncpu < 0 ? ncpu : -EINVAL;
	uint64_t *values = calloc((size_t)ncpu, sizeof(uint64_t));
	if (!values)
		return -ENOMEM;
	memset(out, 0, sizeof(*out));
	int fd = bpf_map__fd(probe->skel->maps.counters);
	for (uint32_t slot = 0; slot < 1 + KITE_DROP_MAX; slot++) {
		if (bpf_map_lookup_elem(fd, &slot, values)) {
			int err = -errno;
			free(values);
			return err;
		}
		uint64_t sum = 0;
		for (int c = 0; c < ncpu; c++)
			sum += values[c];
		if (slot == 0)
			out->events_emitted = sum;
		else
			out->drops[slot - 1] = sum;
	}
	free(values);
	return 0;
}

/* Sentinel a copy callback returns to stop consuming once the buffer is nearly full. */
#define KITE_COPY_FULL (-ENOSPC)

static int count_record(void *ctx, void *data, size_t size)
{
	kite_probe *p = ctx;
	if (!p->copy_buf) {
		(void)data;
		p->libbpf_records++;
		return 0;
	}
	/* libbpf has already consumed this record: always copy it, then stop if the
	 * next one might not fit. */
	if (size <= p->copy_cap - p->copy_len) {
		memcpy(p->copy_buf + p->copy_len, data, size);
		p->copy_len += (uint32_t)size;
		p->copy_records++;
	}
	return p->copy_cap - p->copy_len < KITE_MAX_EVENT_SIZE ? KITE_COPY_FULL : 0;
}

static int ensure_libbpf_rb(kite_probe *probe)
{
	if (!probe->libbpf_rb) {
		probe->libbpf_rb = ring_buffer__new(bpf_map__fd(probe->skel->maps.events_ringbuf), count_record, probe, NULL);
		if (!probe->libbpf_rb)
			return -errno;
	}
	return 0;
}

int32_t kite_probe_debug_copy_records(kite_probe *probe, uint8_t *buffer, uint32_t capacity, int32_t timeout_ms,
				      uint32_t *bytes_out, uint32_t *records_out)
{
	if (!probe || !buffer || capacity < KITE_MAX_EVENT_SIZE || !bytes_out || !records_out)
		return -EINVAL;
	int err = ensure_libbpf_rb(probe);
	if (err)
		return err;
	probe->copy_buf = buffer;
	probe->copy_cap = capacity;
	probe->copy_len = 0;
	probe->copy_records = 0;
	int n = ring_buffer__consume(probe->libbpf_rb);
	if (n >= 0 && probe->copy_records == 0) {
		n = ring_buffer__poll(probe->libbpf_rb, timeout_ms);
		if (n >= 0 || n == -EINTR)
			n = ring_buffer__consume(probe->libbpf_rb);
	}
	probe->copy_buf = NULL;
	if (n < 0 && n != KITE_COPY_FULL && n != -EINTR)
		return n;
	*bytes_out = probe->copy_len;
	*records_out = probe->copy_records;
	return 0;
}

int32_t kite_probe_drain_with_libbpf(kite_probe *probe, int32_t timeout_ms, uint64_t *records_out)
{
	if (!probe || !records_out)
		return -EINVAL;
	if (!probe->libbpf_rb) {
		probe->libbpf_rb = ring_buffer__new(bpf_map__fd(probe->skel->maps.events_ringbuf), count_record, probe, NULL);
		if (!probe->libbpf_rb)
			return -errno;
	}
	probe->libbpf_records = 0;
	/* The probe wakes readers only past a fill threshold, so a poll that times
	 * out may still leave records behind: consume them too. */
	int n = ring_buffer__poll(probe->libbpf_rb, timeout_ms);
	if (n < 0 && n != -EINTR)
		return n;
	n = ring_buffer__consume(probe->libbpf_rb);
	if (n < 0)
		return n;
	*records_out = probe->libbpf_records;
	return 0;
}
