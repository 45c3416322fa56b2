/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/* Every map and read-only setting of the probe, in one place. */
#ifndef KITE_MAPS_H
#define KITE_MAPS_H

/* ------------------------------------------------- READ-ONLY SETTINGS (set before load) */

/* The agent's own process: never captured (its syscalls would feed back into itself). */
const volatile uint32_t agent_tgid = 0;
/* Bytes of unread ring data past which a submit wakes the reader. */
const volatile uint32_t wakeup_threshold = 64 * 1024;
/* Bound of argv and of env in process records (KITE_DEFAULT_ARGS_BOUND..KITE_MAX_ARGS_BOUND). */
const volatile uint32_t args_bound = KITE_DEFAULT_ARGS_BOUND;

/* ---------------------------------------------------------------------- RING BUFFER */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* resized by the shim before load */
} events_ringbuf SEC(".maps");

/* ---------------------------------------------------------------------- INTEREST SET */

/* 1 = emit events for this syscall number. Filled from user space. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KITE_SYSCALL_TABLE_SIZE);
	__type(key, uint32_t);
	__type(value, uint8_t);
} interesting_syscalls SEC(".maps");

/* 1 = emit this non-syscall event type (procexit). Indexed by enum kite_event_type. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KITE_EVT_MAX);
	__type(key, uint32_t);
	__type(value, uint8_t);
} interesting_events SEC(".maps");

/* ------------------------------------------------------------------------- COUNTERS */

/* Slot 0: events emitted; slot 1 + enum kite_drop_reason: drops and flaws. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1 + KITE_DROP_MAX);
	__type(key, uint32_t);
	__type(value, uint64_t);
} counters SEC(".maps");

/* ------------------------------------------------------------------- PER-TASK STATE */

/* The path an exec was given (bprm->filename), keyed by the tid that returns from
 * execve; written at sched_process_exec, consumed by the execve exit record. */
struct exec_filename {
	uint32_t len;
	char name[KITE_MAX_PATH];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, uint32_t);
	__type(value, struct exec_filename);
} exec_filenames SEC(".maps");

/* ------------------------------------------------------------------ SCRATCH BUFFERS */

/* One record under construction per CPU. A plain array indexed by CPU because a
 * per-CPU map value is limited to 32 KiB. The slack past KITE_MAX_EVENT_SIZE lets a
 * write of any bounded size start at any masked offset. */
#define KITE_SCRATCH_SIZE (KITE_MAX_EVENT_SIZE + KITE_MAX_ARGS_BOUND + KITE_MAX_PATH + 64)
#define KITE_BUILD_CTX_SIZE 192
struct build_ctx;
struct scratch {
	uint8_t ctx[KITE_BUILD_CTX_SIZE]; /* struct build_ctx: kept in map memory, not on the stack, so the
	                   * verifier sees the same state on every bpf_loop iteration */
	uint8_t data[KITE_SCRATCH_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256); /* set to the number of possible CPUs by the shim */
	__type(key, uint32_t);
	__type(value, struct scratch);
} scratch_records SEC(".maps");

/* Paths are assembled right to left here before being copied into the record. */
#define KITE_PATHBUF_SIZE (2 * KITE_MAX_PATH)
struct pathbuf {
	uint8_t walk[64]; /* state of the running walk (struct dentry_walk / cgroup_walk) */
	char data[KITE_PATHBUF_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, uint32_t);
	__type(value, struct pathbuf);
} pathbufs SEC(".maps");

#endif /* KITE_MAPS_H */
