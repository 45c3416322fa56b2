// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kite's CO-RE probe. This first version hooks sys_exit and emits one generic
 * record per interesting syscall; the per-syscall programs grow from here.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kite_events.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Set by the shim before load. */
const volatile uint32_t agent_tgid = 0;
const volatile uint32_t wakeup_threshold = 64 * 1024;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024); /* resized by the shim before load */
} events_ringbuf SEC(".maps");

/* 1 = emit events for this syscall number. Filled from user space. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KITE_SYSCALL_TABLE_SIZE);
	__type(key, uint32_t);
	__type(value, uint8_t);
} interesting_syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1 + KITE_DROP_MAX);
	__type(key, uint32_t);
	__type(value, uint64_t);
} counters SEC(".maps");

static __always_inline void counters__add(uint32_t slot)
{
	uint64_t *v = bpf_map_lookup_elem(&counters, &slot);
	if (v)
		*v += 1;
}

/* Wake the reader only when the ring has filled past a threshold: a wake-up per
 * record costs about 1 us and dominates everything else (shared/PERF.md). */
static __always_inline uint64_t ringbuf__submit_flags(void)
{
	uint64_t avail = bpf_ringbuf_query(&events_ringbuf, BPF_RB_AVAIL_DATA);
	return avail >= wakeup_threshold ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

struct generic_record {
	struct kite_event_header hdr;
	uint16_t lens[2];
	uint16_t syscall_nr; /* SYSCALLID */
	int64_t res;
} __attribute__((packed));

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_dispatcher, struct pt_regs *regs, long ret)
{
	uint64_t pid_tgid = bpf_get_current_pid_tgid();
	uint32_t tgid = pid_tgid >> 32;
	if (tgid == agent_tgid)
		return 0;

	uint32_t nr = (uint32_t)BPF_CORE_READ(regs, orig_ax);
	if (nr >= KITE_SYSCALL_TABLE_SIZE)
		return 0;
	uint8_t *on = bpf_map_lookup_elem(&interesting_syscalls, &nr);
	if (!on || !*on)
		return 0;

	struct generic_record *r = bpf_ringbuf_reserve(&events_ringbuf, sizeof(*r), 0);
	if (!r) {
		counters__add(1 + KITE_DROP_RINGBUF_FULL);
		return 0;
	}
	r->hdr.ts_ns = bpf_ktime_get_boot_ns();
	r->hdr.tid = (uint32_t)pid_tgid;
	r->hdr.pid = tgid;
	r->hdr.len = sizeof(*r);
	r->hdr.type = KITE_EVT_GENERIC;
	r->hdr.nparams = 2;
	r->hdr.flags = 0;
	r->hdr.cpu = (uint16_t)bpf_get_smp_processor_id();
	r->hdr.reserved = 0;
	r->lens[0] = sizeof(r->syscall_nr);
	r->lens[1] = sizeof(r->res);
	r->syscall_nr = (uint16_t)nr;
	r->res = ret;
	counters__add(0);
	bpf_ringbuf_submit(r, ringbuf__submit_flags());
	return 0;
}
