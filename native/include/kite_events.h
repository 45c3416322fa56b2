/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * Definitions shared by the eBPF probe (probe/), the shim (shim/) and mirrored
 * in C# (agent/Kite.Agent/Events). Any change here is an ABI change: bump
 * KITE_PROBE_ABI_VERSION, and the layout test in tests/ must be updated.
 *
 * Record layout in the ring buffer (every field little-endian):
 *
 *   0        8        12       16       20     22       24     26     28      32
 *   +--------+--------+--------+--------+------+--------+------+------+-------+
 *   | ts_ns  |  tid   |  pid   |  len   | type | nparams| flags| cpu  | rsvd  |
 *   +--------+--------+--------+--------+------+--------+------+------+-------+
 *   | u16 param_len[nparams] | param 0 bytes | param 1 bytes | ...            |
 *   +------------------------------------------------------------------------+
 *
 * `len` counts the whole record, header included. Parameters are packed back to
 * back; a reader that does not know a parameter skips it by its length, so new
 * parameters can be appended without breaking old readers.
 */
#ifndef KITE_EVENTS_H
#define KITE_EVENTS_H

#ifndef __VMLINUX_H__
#include <stdint.h>
#endif

#define KITE_PROBE_ABI_VERSION 1

/* Upper bound of one record; larger events are truncated and flagged. */
#define KITE_MAX_EVENT_SIZE (64 * 1024)
#define KITE_MAX_PARAMS 32
/* Number of slots of the syscall interest set (x86_64 syscall numbers). */
#define KITE_SYSCALL_TABLE_SIZE 512

struct kite_event_header {
	uint64_t ts_ns;   /* nanoseconds since boot (CLOCK_BOOTTIME) */
	uint32_t tid;     /* kernel thread id (task->pid) */
	uint32_t pid;     /* kernel thread-group id (task->tgid) */
	uint32_t len;     /* whole record, header included */
	uint16_t type;    /* enum kite_event_type */
	uint16_t nparams; /* number of u16 lengths that follow the header */
	uint16_t flags;   /* KITE_EF_* */
	uint16_t cpu;     /* CPU that produced the record */
	uint32_t reserved;
};

_Static_assert(sizeof(struct kite_event_header) == 32, "header is 32 bytes");

/* Header flags. */
#define KITE_EF_TRUNCATED 0x0001 /* one or more parameters were cut to fit */
#define KITE_EF_READ_FAULT 0x0002 /* a user-memory read failed; the param is empty */

enum kite_event_type {
	KITE_EVT_UNKNOWN = 0,
	/* A syscall the probe has no specific program for: params syscall_nr (u32), res (s64). */
	KITE_EVT_GENERIC_X = 1,
	KITE_EVT_MAX
};

/* Drop counters, one slot each in a per-CPU array. */
enum kite_drop_reason {
	KITE_DROP_RINGBUF_FULL = 0,
	KITE_DROP_READ_FAULT = 1,
	KITE_DROP_TRUNCATED = 2,
	KITE_DROP_MAX
};

/* Counters summed over CPUs by the shim. */
struct kite_probe_counters {
	uint64_t events_emitted;
	uint64_t drops[KITE_DROP_MAX];
};

#endif /* KITE_EVENTS_H */
