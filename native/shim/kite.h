/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * libkite: the control plane of Kite's eBPF probe.
 *
 * Every function returns 0 on success or a negative errno; results come back
 * through pointers. Only fixed-width types cross this boundary. There is no
 * per-event call here: the agent maps the ring buffer itself (kite_probe_ringbuf_fd)
 * and reads records in place.
 */
#ifndef KITE_SHIM_H
#define KITE_SHIM_H

#include <stdint.h>
#include "kite_events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kite_probe kite_probe;

/* Options read by kite_probe_open. Zero means "default" for every field. */
typedef struct kite_probe_options {
	uint32_t ringbuf_bytes;     /* power of two, >= page size; default 8 MiB */
	uint32_t agent_tgid;        /* process excluded in the kernel; default: none */
	uint32_t wakeup_threshold;  /* bytes of unread data that force a wake-up; default 64 KiB */
	uint32_t args_bytes;        /* bound of argv (and of env) in exec/clone records; default
	                             * KITE_DEFAULT_ARGS_BOUND, at most KITE_MAX_ARGS_BOUND */
} kite_probe_options;

/* Log callback: level 0=debug 1=info 2=warn 3=error, message is NUL-terminated. */
typedef void (*kite_log_fn)(int32_t level, const char *message);

/* ---------------------------------------------------------------- SETUP */

/** @brief ABI version of the event layout compiled into this library. */
int32_t kite_abi_version(void);

/** @brief Routes libbpf's and the shim's messages to @p fn (NULL restores stderr). */
void kite_set_log_callback(kite_log_fn fn);

/**
 * @brief Opens the embedded probe object, applies @p opts and loads it into the kernel.
 * @param opts may be NULL for defaults.
 * @param out receives the probe on success.
 */
int32_t kite_probe_open(const kite_probe_options *opts, kite_probe **out);

/** @brief Attaches every program of the probe. */
int32_t kite_probe_attach(kite_probe *probe);

/** @brief Detaches every program; the maps stay readable. */
int32_t kite_probe_detach(kite_probe *probe);

/** @brief Detaches and frees everything. Safe with NULL. */
void kite_probe_close(kite_probe *probe);

/* -------------------------------------------------------- CONFIGURATION */

/** @brief Turns events of syscall number @p nr on (1) or off (0). */
int32_t kite_probe_set_interesting(kite_probe *probe, uint32_t nr, uint8_t on);

/** @brief Turns every syscall and every non-syscall event (procexit) on (1) or off (0). */
int32_t kite_probe_set_all_interesting(kite_probe *probe, uint8_t on);

/**
 * @brief Turns an event type on (1) or off (0): every syscall that produces it
 * (KITE_SYSCALLS), or the event itself for non-syscall events (procexit).
 * @return -EINVAL for an unknown type or KITE_EVT_GENERIC (use kite_probe_set_interesting).
 */
int32_t kite_probe_set_event_interesting(kite_probe *probe, uint16_t event_type, uint8_t on);

/**
 * @brief The x86_64 syscall numbers that produce @p event_type.
 * @param numbers receives up to @p capacity numbers (may be NULL when capacity is 0).
 * @param count_out receives how many there are (may exceed capacity).
 */
int32_t kite_event_type_syscalls(uint16_t event_type, uint32_t *numbers, uint32_t capacity, uint32_t *count_out);

/* ------------------------------------------------------------- READING */

/** @brief File descriptor of the BPF ring buffer map, for mmap and epoll. Owned by the probe. */
int32_t kite_probe_ringbuf_fd(kite_probe *probe, int32_t *fd_out);

/** @brief Size in bytes of the ring buffer's data area. */
int32_t kite_probe_ringbuf_size(kite_probe *probe, uint32_t *size_out);

/** @brief Counters summed over all CPUs. */
int32_t kite_probe_read_counters(kite_probe *probe, struct kite_probe_counters *out);

/**
 * @brief Drains the ring buffer with libbpf's own consumer and counts records.
 *
 * Not used by the agent: it is the C baseline that benchmarks compare the C#
 * reader with, and a self-test for the probe.
 * @param timeout_ms how long to wait for data when the ring is empty.
 */
int32_t kite_probe_drain_with_libbpf(kite_probe *probe, int32_t timeout_ms, uint64_t *records_out);

/**
 * @brief TEST/BENCHMARK ONLY: consumes records with libbpf and copies them, back to
 * back and unchanged (each starts with its struct kite_event_header, whose `len`
 * gives the next one), into @p buffer.
 *
 * The agent never calls this: it reads the ring in place. It exists so the probe's
 * encodings can be tested before (and independently of) the C# reader.
 * Stops once less than KITE_MAX_EVENT_SIZE bytes are left, so no record is lost.
 * @param capacity must be at least KITE_MAX_EVENT_SIZE.
 * @param timeout_ms how long to wait for data when the ring is empty.
 */
int32_t kite_probe_debug_copy_records(kite_probe *probe, uint8_t *buffer, uint32_t capacity, int32_t timeout_ms,
				      uint32_t *bytes_out, uint32_t *records_out);

#ifdef __cplusplus
}
#endif

#endif /* KITE_SHIM_H */
