// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kite's CO-RE probe.
 *
 *   sys_exit    interesting syscall? build one record (arguments read from the
 *               saved registers + return value) from the event's parameter specs
 *               and output it to the ring buffer
 *   sched_process_exec   keep the exec'd path for the execve exit record
 *   sched_process_exit   procexit record
 *
 * The parameters of each event type come from KITE_EVENT_TYPES in kite_events.h:
 * one table drives the probe and (through the generator) the C# decoder. Each
 * parameter is written by param__put; a record is built in place in the ring (fixed
 * size), by straight-line code (hot open events), or by a bpf_loop over the specs
 * (every other event), see record__emit and native/README.md.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "kite_events.h"
#include "maps.h"
#include "record.h"
#include "files.h"
#include "net.h"
#include "task.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* ------------------------------------------------------------- EVENT SPECS */

struct param_spec {
	uint8_t type; /* enum kite_param_type */
	uint8_t src;  /* enum kite_param_source */
	uint8_t a;
	uint8_t b;
};

struct event_spec {
	uint32_t nparams;
	struct param_spec params[KITE_MAX_PARAMS];
};

#define KITE__SPEC_PARAM(pname, ptype, pinfo, psrc, pa, pb) {KITE_PT_##ptype, KITE_SRC_##psrc, (pa), (pb)},
#define KITE__SPEC_EVENT(eid, sym, ename, plist)                                                          \
	[eid] = {.nparams = sizeof((struct param_spec[]){plist{0, 0, 0, 0}}) / sizeof(struct param_spec) - 1, \
		 .params = {plist}},
static const struct event_spec event_specs[KITE_EVT_MAX] = {KITE_EVENT_TYPES(KITE__SPEC_EVENT, KITE__SPEC_PARAM)};

#define KITE__SYSCALL_EVENT(sname, nr, evt) [nr] = KITE_EVT_##evt,
static const uint16_t syscall_events[KITE_SYSCALL_TABLE_SIZE] = {KITE_SYSCALLS(KITE__SYSCALL_EVENT)};

/* Bytes of an integer parameter of type t (a constant expression: fixed record sizes use it). */
#define KITE__TYPE_WIDTH(t)                                                                                    \
	((t) == KITE_PT_INT8 || (t) == KITE_PT_UINT8 || (t) == KITE_PT_FLAGS8 || (t) == KITE_PT_ENUMFLAGS8 ||      \
			 (t) == KITE_PT_SIGTYPE                                                                    \
		 ? 1u                                                                                          \
	 : (t) == KITE_PT_INT16 || (t) == KITE_PT_UINT16 || (t) == KITE_PT_FLAGS16 || (t) == KITE_PT_ENUMFLAGS16 || \
			 (t) == KITE_PT_SYSCALLID                                                                  \
		 ? 2u                                                                                          \
	 : (t) == KITE_PT_INT32 || (t) == KITE_PT_UINT32 || (t) == KITE_PT_FLAGS32 || (t) == KITE_PT_ENUMFLAGS32 || \
			 (t) == KITE_PT_MODE || (t) == KITE_PT_UID || (t) == KITE_PT_GID || (t) == KITE_PT_DEV     \
		 ? 4u                                                                                          \
		 : 8u)

static __always_inline uint32_t type_width(uint32_t type)
{
	return KITE__TYPE_WIDTH(type);
}

/*
 * Events whose every parameter has a fixed width (the return value, integer arguments,
 * the syscall number, a constant, or nothing) have a record of known size: it is
 * reserved in the ring buffer and written in place. fixed_sizes[] holds that size, or
 * at least KITE__VARIABLE when a parameter's length depends on the call. A source
 * belongs here only if param__put always writes it at its type's width.
 */
#define KITE__VARIABLE 0x100000u
#define KITE__FIXED_SOURCE(src)                                                                        \
	((src) == KITE_SRC_RET || (src) == KITE_SRC_RET_BYTES || (src) == KITE_SRC_ARG ||                   \
	 (src) == KITE_SRC_SYSCALL_NR || (src) == KITE_SRC_CONST)
#define KITE__FIXED_WIDTH(type, src) \
	((src) == KITE_SRC_EMPTY ? 0u : KITE__FIXED_SOURCE(src) ? KITE__TYPE_WIDTH(type) : KITE__VARIABLE)
#define KITE__SIZE_PARAM(pname, ptype, pinfo, psrc, pa, pb) +2u + KITE__FIXED_WIDTH(KITE_PT_##ptype, KITE_SRC_##psrc)
#define KITE__SIZE_EVENT(eid, sym, ename, plist) [eid] = (uint32_t)sizeof(struct kite_event_header) plist,
static const uint32_t fixed_sizes[KITE_EVT_MAX] = {KITE_EVENT_TYPES(KITE__SIZE_EVENT, KITE__SIZE_PARAM)};

/* ------------------------------------------------------------ PARAMETERS */

static __always_inline int64_t ctx__fd(struct build_ctx *c, uint32_t a)
{
	if (a == KITE_A_RET)
		return c->ret;
	if (a == KITE_A_USERFD0) {
		int32_t fd = -1;
		if (c->ret < 0 || !c->has_args || bpf_probe_read_user(&fd, sizeof(fd), (const void *)c->args[0]))
			return -1;
		return fd;
	}
	return c->has_args ? (int64_t)(int32_t)c->args[a & 7] : -1;
}

/* The returned fd's file and what open records read of it (flags, device, inode),
 * looked up once per record. */
static __always_inline void ctx__ret_file(struct build_ctx *c)
{
	if (c->ret_file_known)
		return;
	c->ret_file_known = 1;
	struct file *f = task__file(bpf_get_current_task_btf(), c->ret);
	c->ret_file = (uint64_t)f;
	if (f)
		file__facts(f, &c->ret_facts);
}

/* The file of fd `a` (an argument, or the returned fd). */
static __always_inline struct file *ctx__file(struct build_ctx *c, uint32_t a)
{
	if (a != KITE_A_RET)
		return task__file(bpf_get_current_task_btf(), ctx__fd(c, a));
	ctx__ret_file(c);
	return (struct file *)c->ret_file;
}

/* The facts of file f, the file of fd `a` (cached for the returned fd). */
static __always_inline void ctx__file_facts(struct build_ctx *c, uint32_t a, struct file *f, struct file_facts *out)
{
	if (a == KITE_A_RET) {
		*out = c->ret_facts;
		return;
	}
	file__facts(f, out);
}

static __always_inline uint32_t open_created_flag(struct build_ctx *c)
{
	ctx__ret_file(c);
	return (c->ret_facts.fmode & KITE_FMODE_CREATED) ? KITE_O_F_CREATED : 0;
}

/* Writes parameter i of the record being built, as `type` taken from `src` (a, b:
 * see enum kite_param_source). Called with the spec from the table by param_cb, and
 * with constants by the straight-line builders of the hot events, where the compiler
 * keeps only the case that applies. */
static __always_inline void param__put(struct build_ctx *c, uint8_t *rec, uint32_t i, uint32_t type, uint32_t src,
				       uint32_t a, uint32_t b)
{
	uint32_t width = type_width(type);
	uint32_t n = 0;

	switch (src) {
	case KITE_SRC_RET:
		n = rec__int(c, rec, (uint64_t)c->ret, width);
		break;
	case KITE_SRC_SYSCALL_NR:
		n = rec__int(c, rec, c->nr, width);
		break;
	case KITE_SRC_ARG: {
		if (!c->has_args)
			break;
		uint64_t v = c->args[a & 7];
		if (b & 0x80)
			v &= ~((1ull << (b & 0x3f)) - 1);
		else if (b)
			v &= (1ull << (b & 0x3f)) - 1;
		if (type == KITE_PT_FD || type == KITE_PT_PID)
			v = (uint64_t)(int64_t)(int32_t)v; /* int arguments: keep the sign (AT_FDCWD = -100) */
		n = rec__int(c, rec, v, width);
		break;
	}
	case KITE_SRC_ARG_STR:
		if (c->has_args)
			n = rec__str(c, rec, (const void *)c->args[a & 7], KITE_MAX_PATH - 1, 1);
		break;
	case KITE_SRC_ARG_SOCKADDR:
		if (c->has_args)
			n = rec__user_sockaddr(c, rec, (const void *)c->args[a & 7], c->args[b & 7]);
		break;
	case KITE_SRC_ARG_USER_S32: {
		int32_t v = 0;
		if (!c->has_args || c->ret < 0)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), (const char *)c->args[a & 7] + 4 * (b & 7))) {
			ctx__fault(c);
			break;
		}
		n = rec__int(c, rec, (uint64_t)(int64_t)v, width);
		break;
	}
	case KITE_SRC_FD_TUPLE:
	case KITE_SRC_FD_TUPLE_PLEN: {
		int64_t fd = ctx__fd(c, a);
		if (fd < 0)
			break;
		const void *uremote = (b == 0xff || !c->has_args) ? NULL : (const void *)c->args[b & 7];
		n = rec__sock_tuple(c, rec, fd, uremote);
		break;
	}
	case KITE_SRC_MSG_TUPLE: {
		int64_t fd = ctx__fd(c, a);
		if (fd < 0)
			break;
		n = rec__sock_tuple(c, rec, fd, user__msg_name((const void *)c->args[b & 7]));
		break;
	}
	case KITE_SRC_FD_DEV:
	case KITE_SRC_FD_INO:
	case KITE_SRC_FD_OVL_FLAGS:
	case KITE_SRC_FD_PATH: {
		struct file *f = ctx__file(c, a);
		if (!f)
			break;
		if (src == KITE_SRC_FD_PATH) {
			n = rec__file_path(c, rec, f);
			break;
		}
		struct file_facts ff = {};
		ctx__file_facts(c, a, f, &ff);
		uint64_t v = src == KITE_SRC_FD_DEV ? ff.dev
			   : src == KITE_SRC_FD_INO ? ff.ino
						    : inode__overlay_layer((struct inode *)ff.inode);
		n = rec__int(c, rec, v, width);
		break;
	}
	case KITE_SRC_OPEN_FLAGS:
		if (c->has_args)
			n = rec__int(c, rec, (uint32_t)c->args[a & 7] | open_created_flag(c), width);
		break;
	case KITE_SRC_OPEN_HOW: {
		struct open_how how = {};
		if (!c->has_args)
			break;
		if (bpf_probe_read_user(&how, sizeof(how), (const void *)c->args[a & 7])) {
			ctx__fault(c);
			break;
		}
		uint64_t v = b == 0 ? (uint32_t)how.flags | open_created_flag(c) : b == 1 ? how.mode : how.resolve;
		n = rec__int(c, rec, v, width);
		break;
	}
	case KITE_SRC_SOCK_BACKLOG: {
		struct sock *sk = c->has_args ? task__sock(bpf_get_current_task_btf(), (int32_t)c->args[a & 7]) : NULL;
		if (!sk)
			break;
		uint32_t len = BPF_CORE_READ(sk, sk_ack_backlog);
		uint32_t max = BPF_CORE_READ(sk, sk_max_ack_backlog);
		uint64_t v = b == 0 ? (max ? (uint64_t)len * 100 / max : 0) : b == 1 ? len : max;
		n = rec__int(c, rec, v, width);
		break;
	}
	case KITE_SRC_PROC:
		n = rec__proc_field(c, rec, b, width);
		break;
	case KITE_SRC_CONST:
		n = rec__int(c, rec, a | (b << 8), width);
		break;
	case KITE_SRC_RET_BYTES:
		n = rec__int(c, rec, c->ret > 0 ? (uint64_t)c->ret : 0, width);
		break;
	case KITE_SRC_MSG_IOV_BYTES:
		if (c->has_args)
			n = rec__msg_iov_bytes(c, rec, (const void *)c->args[a & 7], width);
		break;
	case KITE_SRC_MMSG_BYTES:
		if (c->has_args)
			n = rec__int(c, rec, user__mmsg_bytes((const void *)c->args[a & 7], c->ret), width);
		break;
	case KITE_SRC_USERFD_SOCK: {
		int32_t fd = -1;
		if (!c->has_args || c->ret < 0)
			break;
		if (bpf_probe_read_user(&fd, sizeof(fd), (const void *)c->args[a & 7])) {
			ctx__fault(c);
			break;
		}
		struct sock *sk = task__sock(bpf_get_current_task_btf(), fd);
		if (sk)
			n = rec__int(c, rec, b == 0 ? (uint64_t)sk : sock__unix_peer(sk), width);
		break;
	}
	case KITE_SRC_ARG_USER_U32: {
		uint32_t v = 0;
		const char *p = c->has_args ? (const char *)c->args[a & 7] : NULL;
		if (!p)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), p + 4 * (b & 15))) {
			ctx__fault(c);
			break;
		}
		n = rec__int(c, rec, v, width);
		break;
	}
	case KITE_SRC_ARG_USER_BYTES:
		if (c->has_args && c->ret >= 0)
			n = rec__user_optval(c, rec, (const void *)c->args[a & 7], (const void *)c->args[b & 7]);
		break;
	case KITE_SRC_PRCTL_ARG2:
		n = rec__prctl_arg2(c, rec, b, width);
		break;
	case KITE_SRC_IO_URING_SIG:
		if (c->has_args)
			n = rec__io_uring_sig(c, rec, (const void *)c->args[a & 7], c->args[3], width);
		break;
	default:
		break;
	}

	*(uint16_t *)&rec[sizeof(struct kite_event_header) + 2 * (i & (KITE_MAX_PARAMS - 1))] = (uint16_t)n;
	c->off += n;
}

/* One parameter per iteration, from the event's spec: verified once for every event type. */
static long param_cb(uint64_t index, void *unused)
{
	struct scratch *scr = scratch__get();
	if (!scr)
		return 1;
	struct build_ctx *c = (struct build_ctx *)scr->ctx;
	uint32_t evt = c->evt;
	if (evt >= KITE_EVT_MAX)
		return 1;
	uint32_t i = index & (KITE_MAX_PARAMS - 1);
	const struct param_spec *sp = &event_specs[evt].params[i];
	param__put(c, scr->data, i, sp->type, sp->src, sp->a, sp->b);
	return 0;
}

/* ---------------------------------------------------------------- OUTPUT */

/* Wake the reader only when this record makes the unread data cross the threshold:
 * a wake-up costs about 1 us (shared/PERF.md), and waking on every record while a
 * busy reader lags behind would cost that on every syscall. A reader that drains
 * everything it is woken for never misses data; it also polls with a timeout. */
static __always_inline uint64_t ringbuf__submit_flags(uint32_t len)
{
	uint64_t avail = bpf_ringbuf_query(&events_ringbuf, BPF_RB_AVAIL_DATA);
	return avail < wakeup_threshold && avail + len >= wakeup_threshold ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void header__fill(uint8_t *rec, struct build_ctx *c, uint32_t evt, uint32_t np, uint32_t len)
{
	uint64_t pid_tgid = c->pid_tgid;
	struct kite_event_header *h = (struct kite_event_header *)rec;
	h->ts_ns = bpf_ktime_get_boot_ns();
	h->tid = (uint32_t)pid_tgid;
	h->pid = pid_tgid >> 32;
	h->len = len;
	h->type = (uint16_t)evt;
	h->nparams = (uint16_t)np;
	h->flags = c->flags;
	h->cpu = (uint16_t)bpf_get_smp_processor_id();
	h->reserved = 0;
}

/* Copies the record built in the per-CPU scratch (c->off bytes) to the ring buffer. */
static __always_inline int record__output(struct build_ctx *c, uint8_t *rec, uint32_t evt, uint32_t np)
{
	uint32_t len = c->off;
	if (len < sizeof(struct kite_event_header) || len > KITE_MAX_EVENT_SIZE)
		return 0;
	header__fill(rec, c, evt, np, len);
	uint64_t flags = ringbuf__submit_flags(len);
	uint64_t size = len;
	barrier_var(size);
	if (size > KITE_MAX_EVENT_SIZE)
		return 0;
	if (bpf_ringbuf_output(&events_ringbuf, rec, size, flags)) {
		counters__add(1 + KITE_DROP_RINGBUF_FULL);
		return 0;
	}
	counters__add(0);
	return 0;
}

#define KITE__PUT_PARAM(pname, ptype, pinfo, psrc, pa, pb) \
	param__put(c, rec, i++, KITE_PT_##ptype, KITE_SRC_##psrc, (pa), (pb));

/* A fixed-size record is reserved and written in place: no scratch, no copy. */
#define KITE__FIXED_EVENT(eid, sym, ename, plist)                                             \
	case eid:                                                                              \
		if (eid != KITE_EVT_UNKNOWN && fixed_sizes[eid] < KITE__VARIABLE && c->has_args) { \
			const uint32_t size = fixed_sizes[eid];                                    \
			const uint32_t np = event_specs[eid].nparams;                              \
			uint64_t flags = ringbuf__submit_flags(size);                              \
			uint8_t *rec = bpf_ringbuf_reserve(&events_ringbuf, size, 0);              \
			if (!rec) {                                                                \
				counters__add(1 + KITE_DROP_RINGBUF_FULL);                         \
				return 1;                                                          \
			}                                                                          \
			uint32_t i = 0;                                                            \
			c->off = KITE_PAYLOAD_START(np);                                           \
			plist (void)i;                                                             \
			if (c->off != size) { /* cannot happen with these sources; never send it */ \
				bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);                        \
				return 0;                                                          \
			}                                                                          \
			header__fill(rec, c, eid, np, size);                                       \
			bpf_ringbuf_submit(rec, flags);                                            \
			counters__add(0);                                                          \
			return 1;                                                                  \
		}                                                                                  \
		break;

/* Emits the record of a fixed-size event; returns 0, having sent nothing, for the others. */
static __always_inline int record__emit_fixed(struct build_ctx *c)
{
	switch (c->evt) {
		KITE_EVENT_TYPES(KITE__FIXED_EVENT, KITE__PUT_PARAM)
	}
	return 0;
}

/*
 * Hot events of variable size skip the bpf_loop: their parameters are written by
 * straight-line code expanded from the same KITE_EVENT_TYPES specs, so they cannot
 * drift from the table. Only events whose sources are cheap belong here (each one
 * adds its code to sys_exit and to what the verifier walks).
 */
#define KITE__INLINE_EVENT(id) \
	((id) == KITE_EVT_OPEN || (id) == KITE_EVT_OPENAT || (id) == KITE_EVT_OPENAT2 || (id) == KITE_EVT_CREAT)
#define KITE__INLINE_VAR_EVENT(eid, sym, ename, plist)               \
	case eid:                                                     \
		if (KITE__INLINE_EVENT(eid)) {                        \
			const uint32_t np = event_specs[eid].nparams; \
			uint32_t i = 0;                               \
			c->off = KITE_PAYLOAD_START(np);              \
			plist (void)i;                                 \
			record__output(c, rec, eid, np);              \
			return 1;                                     \
		}                                                     \
		break;

/* Builds a hot variable-size event in `rec` and outputs it; returns 0 for the others. */
static __always_inline int record__emit_inline(struct build_ctx *c, uint8_t *rec)
{
	switch (c->evt) {
		KITE_EVENT_TYPES(KITE__INLINE_VAR_EVENT, KITE__PUT_PARAM)
	}
	return 0;
}

/*
 * openat, the most frequent record of all (every file a process opens), written by
 * hand: the generic straight-line builder spends ~25 ns more per record on per-parameter
 * bookkeeping. It writes exactly what the specs of KITE_EVENT_TYPES give openat; the
 * assertion below fails the build if those specs change, so the two cannot drift apart
 * (then update this function, or delete it and let the generic builder take openat).
 */
#define KITE__SPEC_TEXT(pname, ptype, pinfo, psrc, pa, pb) pname ":" #ptype ":" #psrc ":" #pa ":" #pb ";"
#define KITE__OPENAT_SPEC                                                                          \
	"fd:FD:RET:0:0;dirfd:FD:ARG:0:0;name:FSRELPATH:ARG_STR:1:0;flags:FLAGS32:OPEN_FLAGS:2:0;" \
	"mode:MODE:ARG:3:0;dev:DEV:FD_DEV:KITE_A_RET:0;ino:INO:FD_INO:KITE_A_RET:0;"
#define KITE__CHECK_OPENAT(eid, sym, ename, plist)                                                        \
	_Static_assert((eid) != KITE_EVT_OPENAT || __builtin_strcmp("" plist, KITE__OPENAT_SPEC) == 0, \
		       "openat's parameters changed: update record__emit_openat");
KITE_EVENT_TYPES(KITE__CHECK_OPENAT, KITE__SPEC_TEXT)

static __always_inline int record__emit_openat(struct build_ctx *c, uint8_t *rec)
{
	const uint32_t np = 7;
	uint16_t *lens = (uint16_t *)(rec + sizeof(struct kite_event_header));
	uint32_t off = KITE_PAYLOAD_START(np);
	*(int64_t *)(rec + off) = c->ret;
	*(int64_t *)(rec + off + 8) = (int32_t)c->args[0];
	lens[0] = 8;
	lens[1] = 8;
	c->off = off + 16;
	uint32_t n = rec__str(c, rec, (const void *)c->args[1], KITE_MAX_PATH - 1, 1);
	lens[2] = (uint16_t)n;
	off = (c->off + n) & KITE_OFF_MASK;
	ctx__ret_file(c);
	const struct file_facts *ff = &c->ret_facts;
	uint8_t *p = &rec[off];
	*(uint32_t *)p = (uint32_t)c->args[2] | ((ff->fmode & KITE_FMODE_CREATED) ? KITE_O_F_CREATED : 0);
	*(uint32_t *)(p + 4) = (uint32_t)c->args[3];
	lens[3] = 4;
	lens[4] = 4;
	off += 8;
	if (c->ret_file) {
		*(uint32_t *)(p + 8) = ff->dev;
		*(uint64_t *)(p + 12) = ff->ino;
		lens[5] = 4;
		lens[6] = 8;
		off += 12;
	} else {
		lens[5] = 0;
		lens[6] = 0;
	}
	c->off = off;
	return record__output(c, rec, KITE_EVT_OPENAT, np);
}

/*
 * Emits the record described by `c` (on the caller's stack). Fixed-size events are
 * written in place; hot variable-size ones by straight-line code in the per-CPU
 * scratch; every other event by the table-driven bpf_loop, which needs its state in
 * map memory.
 */
static __always_inline int record__emit(struct build_ctx *c)
{
	uint32_t evt = c->evt;
	if (evt >= KITE_EVT_MAX)
		return 0;
	if (record__emit_fixed(c))
		return 0;
	struct scratch *scr = scratch__get();
	if (!scr)
		return 0;
	if (c->evt == KITE_EVT_OPENAT && c->has_args)
		return record__emit_openat(c, scr->data);
	if (record__emit_inline(c, scr->data))
		return 0;
	barrier_var(evt);
	if (evt >= KITE_EVT_MAX)
		return 0;
	uint32_t np = event_specs[evt].nparams;
	if (np > KITE_MAX_PARAMS)
		return 0;
	struct build_ctx *sc = (struct build_ctx *)scr->ctx;
	__builtin_memcpy(sc, c, sizeof(*c));
	sc->off = KITE_PAYLOAD_START(np);
	bpf_loop(np, param_cb, NULL, 0);
	return record__output(sc, scr->data, evt, np);
}

/* ------------------------------------------------------------- PROGRAMS */

static __always_inline int syscall__interesting(uint32_t nr)
{
	if (nr >= KITE_SYSCALL_TABLE_SIZE)
		return 0;
	uint8_t *on = bpf_map_lookup_elem(&interesting_syscalls, &nr);
	return on && *on;
}

/* Only syscall exits are hooked: on x86_64 the argument registers saved at entry
 * (di, si, dx, r10, r8, r9) are still in the task's pt_regs at exit, so there is
 * nothing to stash at entry, and the hook floor is paid once per syscall, not twice.
 * The exceptions are handled where they arise: a successful execve/execveat has
 * replaced the registers with the new image's (its record takes nothing from them),
 * and a clone child returns with a copy of its parent's registers, so its record
 * has the same arguments as the parent's. */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	/* Every syscall of the machine comes here: the interest check (a load and an
	 * array lookup) goes first, the agent check (a helper call) only then. */
	uint32_t nr = (uint32_t)regs->orig_ax;
	if (!syscall__interesting(nr))
		return 0;
	uint64_t pid_tgid = bpf_get_current_pid_tgid();
	if ((uint32_t)(pid_tgid >> 32) == agent_tgid)
		return 0;

	struct build_ctx c = {};
	c.pid_tgid = pid_tgid;
	c.ret = ret;
	c.nr = (uint16_t)nr;
	uint32_t evt = syscall_events[nr & (KITE_SYSCALL_TABLE_SIZE - 1)];
	c.evt = evt ? evt : KITE_EVT_GENERIC;
	if (!((evt == KITE_EVT_EXECVE || evt == KITE_EVT_EXECVEAT) && ret == 0)) {
		c.args[0] = regs->di;
		c.args[1] = regs->si;
		c.args[2] = regs->dx;
		c.args[3] = regs->r10;
		c.args[4] = regs->r8;
		c.args[5] = regs->r9;
		c.has_args = 1;
	}
	return record__emit(&c);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	if ((uint32_t)(bpf_get_current_pid_tgid() >> 32) == agent_tgid)
		return 0;
	if (!syscall__interesting(59) && !syscall__interesting(322))
		return 0;
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	if (!pb)
		return 0;
	/* The path buffer doubles as staging for the map value (too big for the stack). */
	struct exec_filename *ef = (struct exec_filename *)pb;
	long n = bpf_probe_read_kernel_str(ef->name, sizeof(ef->name), BPF_CORE_READ(bprm, filename));
	ef->len = n > 0 ? (uint32_t)n : 0;
	uint32_t tid = BPF_CORE_READ(p, pid);
	bpf_map_update_elem(&exec_filenames, &tid, ef, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	uint64_t pid_tgid = bpf_get_current_pid_tgid();
	if ((uint32_t)(pid_tgid >> 32) == agent_tgid)
		return 0;
	uint32_t evt = KITE_EVT_PROCEXIT;
	uint8_t *on = bpf_map_lookup_elem(&interesting_events, &evt);
	if (!on || !*on)
		return 0;
	struct build_ctx c = {};
	c.pid_tgid = pid_tgid;
	c.evt = KITE_EVT_PROCEXIT;
	return record__emit(&c);
}
