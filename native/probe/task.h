/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/* Process fields of the current task (KITE_SRC_PROC), read with CO-RE. */
#ifndef KITE_TASK_H
#define KITE_TASK_H

#define KITE_RLIMIT_NOFILE 7
#define KITE_PIDTYPE_PGID 2
#define KITE_PIDTYPE_SID 3
#define KITE_MAX_PID_LEVEL 31
#define KITE_CGROUP_SUBSYS_MAX 16

/* pid number of `pid` in its own (deepest) namespace when `virt`, else in the root one. */
static __always_inline int64_t pid__nr(struct pid *pid, int virt)
{
	if (!pid)
		return 0;
	unsigned int level = virt ? BPF_CORE_READ(pid, level) : 0;
	if (level > KITE_MAX_PID_LEVEL)
		return 0;
	struct upid up = {};
	const char *base = (const char *)pid + bpf_core_field_offset(struct pid, numbers);
	bpf_probe_read_kernel(&up, sizeof(up), base + level * bpf_core_type_size(struct upid));
	return up.nr;
}

static __always_inline struct pid_namespace *pid__ns(struct pid *pid)
{
	if (!pid)
		return NULL;
	unsigned int level = BPF_CORE_READ(pid, level);
	if (level > KITE_MAX_PID_LEVEL)
		return NULL;
	struct upid up = {};
	const char *base = (const char *)pid + bpf_core_field_offset(struct pid, numbers);
	bpf_probe_read_kernel(&up, sizeof(up), base + level * bpf_core_type_size(struct upid));
	return up.ns;
}

/* Kernel dev_t (major << 20 | minor) to the userspace encoding Falco reports for proc.tty. */
static __always_inline uint32_t dev__new_encode(uint32_t major, uint32_t minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline uint32_t task__tty(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	if (!tty)
		return 0;
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor_start = BPF_CORE_READ(tty, driver, minor_start);
	return dev__new_encode((uint32_t)major, (uint32_t)(minor_start + index));
}

static __always_inline uint64_t mm__rss_pages(struct mm_struct *mm, int i)
{
	int64_t v = BPF_CORE_READ(mm, rss_stat[i & 3].count);
	return v > 0 ? (uint64_t)v : 0;
}

/* KITE_EXE_* flags of the running executable. */
static __always_inline uint32_t task__exe_flags(struct task_struct *task)
{
	struct file *exe = BPF_CORE_READ(task, mm, exe_file);
	if (!exe)
		return 0;
	struct inode *inode = BPF_CORE_READ(exe, f_inode);
	uint32_t flags = 0;
	uint32_t layer = inode__overlay_layer(inode);
	if (layer == KITE_FD_UPPER_LAYER)
		flags |= KITE_EXE_UPPER_LAYER;
	else if (layer == KITE_FD_LOWER_LAYER)
		flags |= KITE_EXE_LOWER_LAYER;

	if (file__is_memfd(exe))
		flags |= KITE_EXE_FROM_MEMFD;
	if (file__writable_by(exe, BPF_CORE_READ(task, cred)))
		flags |= KITE_EXE_WRITABLE;
	return flags;
}

/* Ancestors walked looking for a child subreaper (deeper chains fall back to init). */
#define KITE_MAX_REAPER_WALK 32

static __always_inline int task__has_children(struct task_struct *task)
{
	struct list_head *head = (struct list_head *)((char *)task + bpf_core_field_offset(struct task_struct, children));
	return BPF_CORE_READ(task, children.next) != head;
}

/* A thread of the process that has not started exiting remains (find_alive_thread). */
static __always_inline int signal__alive(struct signal_struct *sig)
{
	return sig && BPF_CORE_READ(sig, live.counter) > 0;
}

/* Walk up real_parent looking for a live child subreaper in the namespace level `level`. */
struct reaper_walk {
	uint64_t task;
	uint32_t level;
	int64_t reaper; /* tgid found, 0 none */
};

static long reaper_walk_step(uint64_t index, void *ctx)
{
	struct reaper_walk *w = ctx;
	struct task_struct *up = (struct task_struct *)w->task;
	/* init_task (pid 0) ends the chain; so does leaving the namespace */
	if (!up || BPF_CORE_READ(up, pid) == 0 || BPF_CORE_READ(up, thread_pid, level) != w->level)
		return 1;
	struct signal_struct *sig = BPF_CORE_READ(up, signal);
	if (sig && BPF_CORE_READ_BITFIELD_PROBED(sig, is_child_subreaper) && signal__alive(sig)) {
		w->reaper = BPF_CORE_READ(up, tgid);
		return 1;
	}
	w->task = (uint64_t)BPF_CORE_READ(up, real_parent);
	return 0;
}

/*
 * The process that inherits the children of the exiting `task`, as the kernel's
 * find_new_reaper() picks it a moment later in exit_notify(): 0 when there is no
 * child or a thread of the same process lives on (the parent process does not
 * change); else the nearest ancestor in the same pid namespace that made itself a
 * child subreaper (prctl PR_SET_CHILD_SUBREAPER) and still lives; else the init of
 * the task's pid namespace. At sched_process_exit the task's signal->live is already
 * decremented and its children are not yet moved.
 */
static __always_inline int64_t task__reaper(struct task_struct *task)
{
	if (!task__has_children(task))
		return 0;
	struct signal_struct *sig = BPF_CORE_READ(task, signal);
	if (signal__alive(sig))
		return 0;
	struct pid *pid = BPF_CORE_READ(task, thread_pid);
	if (sig && BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper)) {
		struct reaper_walk w = {.task = (uint64_t)BPF_CORE_READ(task, real_parent), .level = BPF_CORE_READ(pid, level)};
		bpf_loop(KITE_MAX_REAPER_WALK, reaper_walk_step, &w, 0);
		if (w.reaper)
			return w.reaper;
	}
	struct pid_namespace *ns = pid__ns(pid);
	struct task_struct *reaper = ns ? BPF_CORE_READ(ns, child_reaper) : NULL;
	if (!reaper || BPF_CORE_READ(reaper, tgid) == BPF_CORE_READ(task, tgid))
		return 0; /* the namespace's init itself exits: the kernel kills the namespace */
	return BPF_CORE_READ(reaper, tgid);
}

#define KITE_PR_SET_NAME 15
#define KITE_PR_GET_NAME 16
#define KITE_PR_GET_CHILD_SUBREAPER 37

/* prctl's arg2 as a name (b = 0: PR_SET_NAME, or PR_GET_NAME once it succeeded) or
 * as an integer (b = 1: the value PR_GET_CHILD_SUBREAPER stored, else the argument). */
static __always_inline uint32_t rec__prctl_arg2(struct build_ctx *c, uint8_t *rec, uint32_t b, uint32_t width)
{
	if (!c->has_args)
		return 0;
	uint64_t option = c->args[0];
	const void *arg2 = (const void *)c->args[1];
	if (b == 0) {
		if (option == KITE_PR_SET_NAME || (option == KITE_PR_GET_NAME && c->ret == 0))
			return rec__str(c, rec, arg2, 15, 1);
		return 0;
	}
	int64_t v = (int64_t)c->args[1];
	if (option == KITE_PR_GET_CHILD_SUBREAPER && c->ret == 0) {
		int32_t stored = 0;
		if (bpf_probe_read_user(&stored, sizeof(stored), arg2)) {
			ctx__fault(c);
			return 0;
		}
		v = stored;
	}
	return rec__int(c, rec, (uint64_t)v, width);
}

/* State of the cgroup walk (pointers kept as integers). */
struct cgroup_walk {
	uint64_t cset;
	uint64_t last;  /* cgroup whose path is in pathbuf[pos .. KITE_MAX_PATH-1) */
	uint64_t kn;
	uint32_t pos;
	uint32_t off;   /* next byte of the record */
	uint32_t end;   /* the record may not grow past this */
	uint32_t truncated;
};
_Static_assert(sizeof(struct cgroup_walk) <= 64, "cgroup_walk fits pathbuf.walk");

/* One kernfs level up: prepend "/name". */
static long kernfs_walk_step(uint64_t index, void *ctx)
{
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	if (!pb)
		return 1;
	struct cgroup_walk *w = (struct cgroup_walk *)pb->walk;
	struct kernfs_node *kn = (struct kernfs_node *)w->kn;
	if (!kn)
		return 1;
	struct kernfs_node *up = BPF_CORE_READ(kn, __parent);
	if (!up)
		return 1; /* the root's own name is not part of the path */
	/* staged past the assembly area to learn the length */
	long n = bpf_probe_read_kernel_str(&pb->data[KITE_MAX_PATH], KITE_NAME_MAX + 1, BPF_CORE_READ(kn, name));
	if (n <= 1)
		return 1;
	uint32_t len = (uint32_t)n - 1;
	uint32_t pos = w->pos;
	if (len + 1 > pos || pos >= KITE_MAX_PATH) {
		w->truncated = 1;
		return 1;
	}
	pos -= len;
	bpf_probe_read_kernel(&pb->data[pos & (KITE_MAX_PATH - 1)], len & KITE_NAME_MAX, &pb->data[KITE_MAX_PATH]);
	pos -= 1;
	pb->data[pos & (KITE_MAX_PATH - 1)] = '/';
	w->pos = pos;
	w->kn = (uint64_t)up;
	return 0;
}

/* One controller: "name=/path\0" (the path walked once per distinct cgroup). */
static long cgroup_subsys_step(uint64_t index, void *ctx)
{
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	struct scratch *scr = scratch__get();
	if (!pb || !scr)
		return 1;
	struct cgroup_walk *w = (struct cgroup_walk *)pb->walk;
	uint8_t *rec = scr->data;
	struct css_set *cset = (struct css_set *)w->cset;
	struct cgroup_subsys_state *css = BPF_CORE_READ(cset, subsys[index & (KITE_CGROUP_SUBSYS_MAX - 1)]);
	if (!css)
		return 0;
	struct cgroup *cg = BPF_CORE_READ(css, cgroup);
	if ((uint64_t)cg != w->last) {
		w->last = (uint64_t)cg;
		w->pos = KITE_MAX_PATH - 1;
		w->kn = (uint64_t)BPF_CORE_READ(cg, kn);
		bpf_loop(32, kernfs_walk_step, NULL, 0);
		if (w->pos == KITE_MAX_PATH - 1) {
			w->pos -= 1;
			pb->data[(KITE_MAX_PATH - 2)] = '/';
		}
	}
	uint32_t pos = w->pos;
	if (pos >= KITE_MAX_PATH)
		return 1;
	uint32_t plen = KITE_MAX_PATH - 1 - pos;
	uint32_t off = w->off;
	if (off + 34 + plen > w->end || off > KITE_MAX_EVENT_SIZE) {
		w->truncated = 1;
		return 1;
	}
	long n = bpf_probe_read_kernel_str(&rec[off & KITE_OFF_MASK], 32, BPF_CORE_READ(css, ss, name));
	if (n <= 1)
		return 0;
	off += (uint32_t)n - 1;
	rec[off & KITE_OFF_MASK] = '=';
	off += 1;
	uint64_t size = plen;
	barrier_var(size);
	size &= KITE_MAX_PATH - 1;
	bpf_probe_read_kernel(&rec[off & KITE_OFF_MASK], size, &pb->data[pos & (KITE_MAX_PATH - 1)]);
	off += (uint32_t)size;
	rec[off & KITE_OFF_MASK] = 0;
	w->off = off + 1;
	return 0;
}

/*
 * cgroups as "subsys=/path\0" for each attached controller. Controllers usually share
 * one cgroup (always on cgroup v2), so a path is walked once and reused.
 */
static __always_inline uint32_t rec__cgroups(struct build_ctx *c, uint8_t *rec, struct task_struct *task)
{
	struct css_set *cset = BPF_CORE_READ(task, cgroups);
	if (!cset)
		return 0;
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	if (!pb)
		return 0;
	uint32_t start = c->off;
	struct cgroup_walk *w = (struct cgroup_walk *)pb->walk;
	w->cset = (uint64_t)cset;
	w->last = 0;
	w->kn = 0;
	w->pos = KITE_MAX_PATH - 1;
	w->off = start;
	w->end = KITE_MAX_EVENT_SIZE;
	w->truncated = 0;
	uint32_t count = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	if (count > KITE_CGROUP_SUBSYS_MAX)
		count = KITE_CGROUP_SUBSYS_MAX;
	bpf_loop(count, cgroup_subsys_step, NULL, 0);
	if (w->truncated)
		ctx__truncated(c);
	uint32_t end = w->off;
	return end > start ? end - start : 0;
}

/* argv or env area of the current mm: NUL-separated strings, bounded by args_bound. */
static __always_inline uint32_t rec__mm_strings(struct build_ctx *c, uint8_t *rec, unsigned long from, unsigned long to)
{
	if (!from || to <= from)
		return 0;
	uint64_t len = to - from;
	uint32_t bound = args_bound;
	int cut = 0;
	if (len > bound) {
		len = bound;
		cut = 1;
	}
	uint32_t n = rec__user_bytes(c, rec, (const void *)from, (uint32_t)len);
	if (!n)
		return 0;
	if (cut || n < len) {
		ctx__truncated(c);
		rec[(c->off + n - 1) & KITE_OFF_MASK] = 0; /* end the cut string */
	}
	return n;
}

/* Writes one KITE_SRC_PROC field; `width` is the parameter's integer width. */
static __always_inline uint32_t rec__proc_field(struct build_ctx *c, uint8_t *rec, uint32_t field, uint32_t width)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	uint64_t v = 0;

	switch (field) {
	case KITE_PROC_EXE: {
		if (!mm)
			return rec__str(c, rec, BPF_CORE_READ(task, comm), 16, 0);
		unsigned long start = BPF_CORE_READ(mm, arg_start);
		uint32_t n = rec__str(c, rec, (const void *)start, KITE_MAX_PATH - 1, 1);
		c->argv0_len = n + 1;
		return n;
	}
	case KITE_PROC_ARGS: {
		if (!mm)
			return 0;
		unsigned long start = BPF_CORE_READ(mm, arg_start);
		unsigned long end = BPF_CORE_READ(mm, arg_end);
		/* exe (argv[0]) is always the parameter before args and set argv0_len */
		return rec__mm_strings(c, rec, start + c->argv0_len, end);
	}
	case KITE_PROC_ENV:
		if (!mm)
			return 0;
		return rec__mm_strings(c, rec, BPF_CORE_READ(mm, env_start), BPF_CORE_READ(mm, env_end));
	case KITE_PROC_CWD:
		return rec__dentry_path(c, rec, BPF_CORE_READ(task, fs, pwd.dentry), BPF_CORE_READ(task, fs, pwd.mnt));
	case KITE_PROC_TRUSTED_EXE:
		return mm ? rec__file_path(c, rec, BPF_CORE_READ(mm, exe_file)) : 0;
	case KITE_PROC_COMM:
		return rec__str(c, rec, task->comm, 16, 0);
	case KITE_PROC_CGROUPS:
		return rec__cgroups(c, rec, task);
	case KITE_PROC_EXEC_FILENAME: {
		if (c->ret == 0) {
			uint32_t tid = (uint32_t)bpf_get_current_pid_tgid();
			struct exec_filename *ef = bpf_map_lookup_elem(&exec_filenames, &tid);
			if (!ef)
				return 0;
			uint32_t n = rec__str(c, rec, ef->name, KITE_MAX_PATH - 1, 0);
			bpf_map_delete_elem(&exec_filenames, &tid);
			return n;
		}
		/* A failed exec keeps the caller's memory: the argument is still readable. */
		return c->has_args ? rec__str(c, rec, (const void *)c->args[0], KITE_MAX_PATH - 1, 1) : 0;
	}
	case KITE_PROC_TID: v = BPF_CORE_READ(task, pid); break;
	case KITE_PROC_PID: v = BPF_CORE_READ(task, tgid); break;
	case KITE_PROC_PTID: v = BPF_CORE_READ(task, real_parent, pid); break;
	case KITE_PROC_FDLIMIT: v = BPF_CORE_READ(task, signal, rlim[KITE_RLIMIT_NOFILE].rlim_cur); break;
	case KITE_PROC_PGFT_MAJ: v = BPF_CORE_READ(task, maj_flt); break;
	case KITE_PROC_PGFT_MIN: v = BPF_CORE_READ(task, min_flt); break;
	case KITE_PROC_VM_SIZE: v = mm ? BPF_CORE_READ(mm, total_vm) << 2 : 0; break;
	case KITE_PROC_VM_RSS:
		/* MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES, 4 KiB pages to KiB */
		v = mm ? (mm__rss_pages(mm, 0) + mm__rss_pages(mm, 1) + mm__rss_pages(mm, 3)) << 2 : 0;
		break;
	case KITE_PROC_VM_SWAP: v = mm ? mm__rss_pages(mm, 2) << 2 : 0; break;
	case KITE_PROC_TTY: v = task__tty(task); break;
	case KITE_PROC_PGID: v = pid__nr(BPF_CORE_READ(task, signal, pids[KITE_PIDTYPE_PGID]), 0); break;
	case KITE_PROC_VPGID: v = pid__nr(BPF_CORE_READ(task, signal, pids[KITE_PIDTYPE_PGID]), 1); break;
	case KITE_PROC_SID: v = pid__nr(BPF_CORE_READ(task, signal, pids[KITE_PIDTYPE_SID]), 0); break;
	case KITE_PROC_LOGINUID: v = BPF_CORE_READ(task, loginuid.val); break;
	case KITE_PROC_EXE_FLAGS: v = task__exe_flags(task); break;
	case KITE_PROC_CAP_INH: v = BPF_CORE_READ(task, cred, cap_inheritable.val); break;
	case KITE_PROC_CAP_PRM: v = BPF_CORE_READ(task, cred, cap_permitted.val); break;
	case KITE_PROC_CAP_EFF: v = BPF_CORE_READ(task, cred, cap_effective.val); break;
	case KITE_PROC_EXE_INO: v = mm ? BPF_CORE_READ(mm, exe_file, f_inode, i_ino) : 0; break;
	case KITE_PROC_EXE_CTIME:
	case KITE_PROC_EXE_MTIME: {
		struct inode *inode = mm ? BPF_CORE_READ(mm, exe_file, f_inode) : NULL;
		if (!inode)
			return 0;
		int64_t sec = field == KITE_PROC_EXE_CTIME ? BPF_CORE_READ(inode, i_ctime_sec) : BPF_CORE_READ(inode, i_mtime_sec);
		uint32_t nsec = field == KITE_PROC_EXE_CTIME ? BPF_CORE_READ(inode, i_ctime_nsec) : BPF_CORE_READ(inode, i_mtime_nsec);
		v = (uint64_t)sec * 1000000000ull + nsec;
		break;
	}
	case KITE_PROC_UID: v = BPF_CORE_READ(task, cred, euid.val); break;
	case KITE_PROC_GID: v = BPF_CORE_READ(task, cred, egid.val); break;
	case KITE_PROC_VTID: v = pid__nr(BPF_CORE_READ(task, thread_pid), 1); break;
	case KITE_PROC_VPID: v = pid__nr(BPF_CORE_READ(task, group_leader, thread_pid), 1); break;
	case KITE_PROC_PIDNS_INIT_START: {
		struct pid_namespace *ns = pid__ns(BPF_CORE_READ(task, thread_pid));
		struct task_struct *init = ns ? BPF_CORE_READ(ns, child_reaper) : NULL;
		v = init ? BPF_CORE_READ(init, start_boottime) : 0;
		break;
	}
	case KITE_PROC_EXIT_STATUS: v = BPF_CORE_READ(task, exit_code); break;
	case KITE_PROC_EXIT_RET: v = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff; break;
	case KITE_PROC_EXIT_SIG: v = BPF_CORE_READ(task, exit_code) & 0x7f; break;
	case KITE_PROC_EXIT_CORE: v = (BPF_CORE_READ(task, exit_code) & 0x80) ? 1 : 0; break;
	case KITE_PROC_REAPER_TID: v = task__reaper(task); break;
	case KITE_PROC_CLONE_FLAGS: {
		if (!c->has_args)
			return 0;
		uint64_t flags = 0;
		if (bpf_probe_read_user(&flags, sizeof(flags), (const void *)c->args[0])) {
			ctx__fault(c);
			return 0;
		}
		v = flags;
		break;
	}
	default:
		return 0;
	}
	return rec__int(c, rec, v, width);
}

#endif /* KITE_TASK_H */
