/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/* Files and paths: fd -> struct file, dentry walks, overlay layers. */
#ifndef KITE_FILES_H
#define KITE_FILES_H

#define KITE_PATH_DEPTH 48
#define KITE_NAME_MAX 255
#define KITE_OVERLAYFS_MAGIC 0x794c7630
#define KITE_FMODE_CREATED (1u << 20)
#define KITE_S_IFMT 00170000
#define KITE_S_IFSOCK 0140000

static __always_inline struct file *task__file(struct task_struct *task, int64_t fd)
{
	if (fd < 0 || fd > 0x7fffffff)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt)
		return NULL;
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if ((uint64_t)fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* KITE_FD_UPPER_LAYER / KITE_FD_LOWER_LAYER for a file on overlayfs, else 0. */
static __always_inline uint32_t inode__overlay_layer(struct inode *inode)
{
	if (!inode)
		return 0;
	unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
	if (magic != KITE_OVERLAYFS_MAGIC)
		return 0;
	struct ovl_inode *oi = container_of(inode, struct ovl_inode, vfs_inode);
	struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
	return upper ? KITE_FD_UPPER_LAYER : KITE_FD_LOWER_LAYER;
}

/* ---------------------------------------------------------------- IO_URING */

#define KITE_IORING_ENTER_EXT_ARG (1u << 3)

/* io_uring_enter's sigset (its first 32 signals); with IORING_ENTER_EXT_ARG the
 * argument is a struct io_uring_getevents_arg instead: nothing then. */
static __always_inline uint32_t rec__io_uring_sig(struct build_ctx *c, uint8_t *rec, const void *usig, uint64_t flags, uint32_t width)
{
	uint32_t v = 0;
	if (!usig || (flags & KITE_IORING_ENTER_EXT_ARG))
		return 0;
	if (bpf_probe_read_user(&v, sizeof(v), usig)) {
		ctx__fault(c);
		return 0;
	}
	return rec__int(c, rec, v, width);
}

/* State of a dentry walk; pointers are kept as integers (they come from probe reads). */
struct dentry_walk {
	uint64_t d;
	uint64_t vm;
	uint64_t mnt;
	uint64_t root_d;
	uint64_t root_m;
	uint32_t pos;      /* the path so far is pathbuf[pos .. KITE_MAX_PATH-1) */
	uint32_t complete; /* reached the root */
};
_Static_assert(sizeof(struct dentry_walk) <= 64, "dentry_walk fits pathbuf.walk");

/* One step up: a component, or a jump from a mount's root to its mount point. */
static long dentry_walk_step(uint64_t index, void *ctx)
{
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	if (!pb)
		return 1;
	struct dentry_walk *w = (struct dentry_walk *)pb->walk;
	struct dentry *d = (struct dentry *)w->d;
	struct vfsmount *vm = (struct vfsmount *)w->vm;
	if (w->d == w->root_d && w->vm == w->root_m) {
		w->complete = 1;
		return 1;
	}
	struct dentry *mnt_root = BPF_CORE_READ(vm, mnt_root);
	if (d == mnt_root) {
		struct mount *mnt = (struct mount *)w->mnt;
		struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
		if (parent == mnt || !parent) {
			w->complete = 1;
			return 1;
		}
		w->d = (uint64_t)BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = (uint64_t)parent;
		w->vm = (uint64_t)parent + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	struct dentry *up = BPF_CORE_READ(d, d_parent);
	if (up == d || !up) {
		w->complete = 1;
		return 1;
	}
	uint32_t len = BPF_CORE_READ(d, d_name.len);
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	if (len > KITE_NAME_MAX)
		len = KITE_NAME_MAX;
	uint32_t pos = w->pos;
	if (len + 1 > pos || pos >= KITE_MAX_PATH)
		return 1;
	pos -= len;
	bpf_probe_read_kernel(&pb->data[pos & (KITE_MAX_PATH - 1)], len & KITE_NAME_MAX, name);
	pos -= 1;
	pb->data[pos & (KITE_MAX_PATH - 1)] = '/';
	w->pos = pos;
	w->d = (uint64_t)up;
	return 0;
}

/*
 * Writes the path of (dentry, vfsmount) as seen from the current task's root:
 * components are collected right to left in the per-CPU path buffer, crossing
 * mount points upwards, then copied into the record. Returns the bytes written.
 */
static __always_inline uint32_t rec__dentry_path(struct build_ctx *c, uint8_t *rec, struct dentry *d, struct vfsmount *vm)
{
	uint32_t zero = 0;
	struct pathbuf *pb = bpf_map_lookup_elem(&pathbufs, &zero);
	if (!pb || !d || !vm)
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	struct dentry_walk *w = (struct dentry_walk *)pb->walk;
	w->d = (uint64_t)d;
	w->vm = (uint64_t)vm;
	w->mnt = (uint64_t)container_of(vm, struct mount, mnt);
	w->root_d = (uint64_t)BPF_CORE_READ(task, fs, root.dentry);
	w->root_m = (uint64_t)BPF_CORE_READ(task, fs, root.mnt);
	w->pos = KITE_MAX_PATH - 1;
	w->complete = 0;
	bpf_loop(KITE_PATH_DEPTH, dentry_walk_step, NULL, 0);
	if (!w->complete)
		ctx__truncated(c);
	uint32_t pos = w->pos;
	if (pos >= KITE_MAX_PATH)
		return 0;
	if (pos == KITE_MAX_PATH - 1) {
		pos -= 1;
		pb->data[pos & (KITE_MAX_PATH - 1)] = '/';
	}
	uint32_t n = KITE_MAX_PATH - 1 - pos;
	uint32_t room = ctx__room(c);
	if (n > room) {
		n = room;
		ctx__truncated(c);
	}
	uint64_t size = n;
	barrier_var(size);
	size &= KITE_MAX_PATH - 1;
	bpf_probe_read_kernel(&rec[c->off & KITE_OFF_MASK], size, &pb->data[pos & (KITE_MAX_PATH - 1)]);
	return (uint32_t)size;
}

static __always_inline uint32_t rec__file_path(struct build_ctx *c, uint8_t *rec, struct file *f)
{
	if (!f)
		return 0;
	return rec__dentry_path(c, rec, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt));
}

#endif /* KITE_FILES_H */
