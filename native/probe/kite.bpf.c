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
 * one table drives the probe and (through the generator) the C# decoder. The
 * per-parameter work runs in a bpf_loop callback, verified once for all events.
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

static __always_inline uint32_t type_width(uint32_t type)
{
	switch (type) {
	case KITE_PT_INT8:
	case KITE_PT_UINT8:
	case KITE_PT_FLAGS8:
	case KITE_PT_ENUMFLAGS8:
	case KITE_PT_SIGTYPE:
		return 1;
	case KITE_PT_INT16:
	case KITE_PT_UINT16:
	case KITE_PT_FLAGS16:
	case KITE_PT_ENUMFLAGS16:
	case KITE_PT_SYSCALLID:
		return 2;
	case KITE_PT_INT32:
	case KITE_PT_UINT32:
	case KITE_PT_FLAGS32:
	case KITE_PT_ENUMFLAGS32:
	case KITE_PT_MODE:
	case KITE_PT_UID:
	case KITE_PT_GID:
	case KITE_PT_DEV:
		return 4;
	default:
		return 8;
	}
}

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

/* The file of fd `a` (an argument, or the returned fd), looked up once per record
 * for the returned fd: open records read its flags, device and inode. */
static __always_inline struct file *ctx__file(struct build_ctx *c, uint32_t a)
{
	if (a != KITE_A_RET)
		return task__file(bpf_get_current_task_btf(), ctx__fd(c, a));
	if (!c->ret_file_known) {
		c->ret_file = (uint64_t)task__file(bpf_get_current_task_btf(), c->ret);
		c->ret_file_known = 1;
	}
	return (struct file *)c->ret_file;
}

static __always_inline uint32_t open_created_flag(struct build_ctx *c)
{
	struct file *f = ctx__file(c, KITE_A_RET);
	if (!f)
		return 0;
	uint32_t mode = BPF_CORE_READ(f, f_mode);
	return (mode & KITE_FMODE_CREATED) ? KITE_O_F_CREATED : 0;
}

static long param_cb(uint64_t index, void *unused)
{
	struct scratch *scr = scratch__get();
	if (!scr)
		return 1;
	struct build_ctx *c = (struct build_ctx *)scr->ctx;
	uint8_t *rec = scr->data;
	uint32_t i = index & (KITE_MAX_PARAMS - 1);
	uint32_t evt = c->evt;
	if (evt >= KITE_EVT_MAX)
		return 1;
	const struct param_spec *sp = &event_specs[evt].params[i];
	uint32_t type = sp->type;
	uint32_t src = sp->src;
	uint32_t a = sp->a;
	uint32_t b = sp->b;
	uint32_t width = type_width(type);
	uint32_t n = 0;
	struct task_struct *task = bpf_get_current_task_btf();

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
		struct inode *inode = BPF_CORE_READ(f, f_inode);
		uint64_t v = src == KITE_SRC_FD_DEV ? BPF_CORE_READ(inode, i_sb, s_dev)
			   : src == KITE_SRC_FD_INO ? BPF_CORE_READ(inode, i_ino)
						    : inode__overlay_layer(inode);
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
		struct sock *sk = c->has_args ? task__sock(task, (int32_t)c->args[a & 7]) : NULL;
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
		struct sock *sk = task__sock(task, fd);
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

	*(uint16_t *)&rec[sizeof(struct kite_event_header) + 2 * i] = (uint16_t)n;
	c->off += n;
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

/* Builds and outputs the record whose state scratch__get()->ctx holds. */
static __always_inline int record__emit(struct scratch *scr)
{
	struct build_ctx *c = (struct build_ctx *)scr->ctx;
	uint8_t *rec = scr->data;
	uint32_t evt = c->evt;
	if (evt >= KITE_EVT_MAX)
		return 0;
	uint32_t np = event_specs[evt].nparams;
	if (np > KITE_MAX_PARAMS)
		return 0;
	c->nparams = np;
	c->off = KITE_PAYLOAD_START(np);
	bpf_loop(np, param_cb, NULL, 0);

	uint32_t len = c->off;
	if (len < sizeof(struct kite_event_header) || len > KITE_MAX_EVENT_SIZE)
		return 0;
	uint64_t pid_tgid = bpf_get_current_pid_tgid();
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
	if ((uint32_t)(bpf_get_current_pid_tgid() >> 32) == agent_tgid)
		return 0;
	uint32_t nr = (uint32_t)regs->orig_ax;
	if (!syscall__interesting(nr))
		return 0;

	struct scratch *scr = scratch__get();
	if (!scr)
		return 0;
	struct build_ctx *c = (struct build_ctx *)scr->ctx;
	__builtin_memset(c, 0, sizeof(*c));
	c->ret = ret;
	c->nr = (uint16_t)nr;
	uint32_t evt = syscall_events[nr & (KITE_SYSCALL_TABLE_SIZE - 1)];
	c->evt = evt ? evt : KITE_EVT_GENERIC;
	if (!((evt == KITE_EVT_EXECVE || evt == KITE_EVT_EXECVEAT) && ret == 0)) {
		c->args[0] = regs->di;
		c->args[1] = regs->si;
		c->args[2] = regs->dx;
		c->args[3] = regs->r10;
		c->args[4] = regs->r8;
		c->args[5] = regs->r9;
		c->has_args = 1;
	}
	return record__emit(scr);
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
	if ((uint32_t)(bpf_get_current_pid_tgid() >> 32) == agent_tgid)
		return 0;
	uint32_t evt = KITE_EVT_PROCEXIT;
	uint8_t *on = bpf_map_lookup_elem(&interesting_events, &evt);
	if (!on || !*on)
		return 0;
	struct scratch *scr = scratch__get();
	if (!scr)
		return 0;
	struct build_ctx *c = (struct build_ctx *)scr->ctx;
	__builtin_memset(c, 0, sizeof(*c));
	c->evt = KITE_EVT_PROCEXIT;
	return record__emit(scr);
}
