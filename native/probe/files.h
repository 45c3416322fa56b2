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

/* The file behind `fd` of `task`, which must be a BTF pointer (bpf_get_current_task_btf()):
 * files and fdt are then plain loads, not helper calls; only the slot of the fd array
 * (a pointer to pointers, which the verifier sees as a number) needs a probe read. */
static __always_inline struct file *task__file(struct task_struct *task, int64_t fd)
{
	if (fd < 0 || fd > 0x7fffffff)
		return NULL;
	struct files_struct *files = task->files;
	if (!files)
		return NULL;
	struct fdtable *fdt = files->fdt;
	if (!fdt || (uint64_t)fd >= fdt->max_fds)
		return NULL;
	struct file **fds = fdt->fd;
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/*
 * Fills struct file_facts. Each probe read costs about 10 ns, so the fields are
 * gathered in as few as the layout allows: f_mode and f_inode lie in the first
 * KITE_FILE_HEAD bytes of struct file, i_sb and i_ino in the first KITE_INODE_HEAD
 * bytes of struct inode (offsets relocated by CO-RE, so the tests below are decided
 * when the probe is loaded); on a kernel where they do not, each field is read alone.
 */
#define KITE_FILE_HEAD 48
#define KITE_INODE_HEAD 80

static __always_inline void file__facts(struct file *f, struct file_facts *out)
{
	uint64_t mode_off = bpf_core_field_offset(struct file, f_mode);
	uint64_t inode_off = bpf_core_field_offset(struct file, f_inode);
	struct inode *inode = NULL;
	if (mode_off <= KITE_FILE_HEAD - 4 && inode_off <= KITE_FILE_HEAD - 8) {
		uint64_t head[KITE_FILE_HEAD / 8];
		if (bpf_probe_read_kernel(head, sizeof(head), f))
			return;
		out->fmode = *(uint32_t *)((uint8_t *)head + mode_off);
		inode = *(struct inode **)((uint8_t *)head + inode_off);
	} else {
		out->fmode = BPF_CORE_READ(f, f_mode);
		inode = BPF_CORE_READ(f, f_inode);
	}
	out->inode = (uint64_t)inode;
	if (!inode)
		return;
	uint64_t sb_off = bpf_core_field_offset(struct inode, i_sb);
	uint64_t ino_off = bpf_core_field_offset(struct inode, i_ino);
	struct super_block *sb = NULL;
	if (sb_off <= KITE_INODE_HEAD - 8 && ino_off <= KITE_INODE_HEAD - 8) {
		uint64_t head[KITE_INODE_HEAD / 8];
		if (bpf_probe_read_kernel(head, sizeof(head), inode))
			return;
		sb = *(struct super_block **)((uint8_t *)head + sb_off);
		out->ino = *(uint64_t *)((uint8_t *)head + ino_off);
	} else {
		sb = BPF_CORE_READ(inode, i_sb);
		out->ino = BPF_CORE_READ(inode, i_ino);
	}
	out->dev = sb ? BPF_CORE_READ(sb, s_dev) : 0;
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

/* ------------------------------------------------------------- PERMISSION */

/*
 * Whether a set of credentials may write a file, as the kernel decides it when the
 * file is opened for writing: the mount and the superblock are writable, the inode is
 * not immutable and has mapped ids, and inode_permission(MAY_WRITE) grants it through
 * generic_permission(): the owner, group or other mode bits, or the POSIX ACL, in the
 * kernel's order, else CAP_DAC_OVERRIDE when the file's ids map into the caller's user
 * namespace. Not modelled (see native/README.md): filesystems with their own
 * permission hook, LSMs, idmapped mounts, and ETXTBSY.
 */
#define KITE_S_IFREG 0100000
#define KITE_S_IFDIR 0040000
#define KITE_S_IFLNK 0120000
#define KITE_SB_RDONLY 1
#define KITE_SB_POSIXACL (1 << 16)
#define KITE_MNT_READONLY 0x40
#define KITE_MNT_INTERNAL 0x4000
#define KITE_S_IMMUTABLE 8 /* inode->i_flags */
#define KITE_CAP_DAC_OVERRIDE 1
#define KITE_ACL_USER_OBJ 0x01
#define KITE_ACL_USER 0x02
#define KITE_ACL_GROUP_OBJ 0x04
#define KITE_ACL_GROUP 0x08
#define KITE_ACL_MASK 0x10
#define KITE_ACL_OTHER 0x20
#define KITE_ACL_WRITE 0x02
#define KITE_ACL_NOT_CACHED ((struct posix_acl *)-1)
#define KITE_MAX_ACL_ENTRIES 64
#define KITE_UID_GID_MAP_MAX_BASE_EXTENTS 5
#define KITE_UID_GID_MAP_MAX_EXTENTS 340
#define KITE_NGROUPS_SEARCH_STEPS 18 /* binary search over NGROUPS_MAX (65536) */

/* Binary search of a sorted kgid_t array (groups_search()). */
struct group_search {
	uint64_t gids; /* kernel address of group_info->gid */
	uint32_t lo;
	uint32_t hi;
	uint32_t gid;
	uint32_t found;
};

static long group_search_step(uint64_t index, void *ctx)
{
	struct group_search *g = ctx;
	if (g->lo >= g->hi)
		return 1;
	uint32_t mid = g->lo + (g->hi - g->lo) / 2;
	uint32_t v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), (const uint32_t *)g->gids + mid);
	if (v == g->gid) {
		g->found = 1;
		return 1;
	}
	if (g->gid > v)
		g->lo = mid + 1;
	else
		g->hi = mid;
	return 0;
}

/* in_group_p(): the fsgid, or one of the supplementary groups (kept sorted by the kernel). */
static __always_inline int cred__in_group(const struct cred *cred, uint32_t gid)
{
	if (BPF_CORE_READ(cred, fsgid.val) == gid)
		return 1;
	struct group_info *gi = BPF_CORE_READ(cred, group_info);
	if (!gi)
		return 0;
	int ngroups = BPF_CORE_READ(gi, ngroups);
	struct group_search g = {
		.gids = (uint64_t)gi + bpf_core_field_offset(struct group_info, gid),
		.hi = ngroups > 0 ? (uint32_t)ngroups : 0,
		.gid = gid,
	};
	bpf_loop(KITE_NGROUPS_SEARCH_STEPS, group_search_step, &g, 0);
	return g.found;
}

/* Walk of a POSIX ACL (posix_acl_permission() for MAY_WRITE); pointers kept as integers. */
struct acl_walk {
	uint64_t entries; /* kernel address of acl->a_entries */
	uint64_t cred;
	uint32_t count;
	uint32_t fsuid;
	uint32_t i_uid;
	uint32_t i_gid;
	uint16_t matched_perm; /* perm of the ACL_USER/ACL_GROUP* entry that granted, awaiting ACL_MASK */
	uint8_t found_group;
	uint8_t awaiting_mask;
	int8_t result; /* 1 granted, 0 denied, -1 undecided */
};

static long acl_step(uint64_t index, void *ctx)
{
	struct acl_walk *w = ctx;
	struct posix_acl_entry e = {};
	if (index >= w->count || bpf_probe_read_kernel(&e, sizeof(e), (const struct posix_acl_entry *)w->entries + index)) {
		w->result = 0;
		return 1;
	}
	const struct cred *cred = (const struct cred *)w->cred;
	if (w->awaiting_mask) {
		if (e.e_tag == KITE_ACL_MASK) {
			w->result = (w->matched_perm & e.e_perm & KITE_ACL_WRITE) != 0;
			return 1;
		}
		return 0;
	}
	switch (e.e_tag) {
	case KITE_ACL_USER_OBJ:
		if (w->fsuid == w->i_uid) {
			w->result = (e.e_perm & KITE_ACL_WRITE) != 0;
			return 1;
		}
		return 0;
	case KITE_ACL_USER:
		if (e.e_uid.val == w->fsuid) {
			w->matched_perm = e.e_perm;
			w->awaiting_mask = 1;
		}
		return 0;
	case KITE_ACL_GROUP_OBJ:
	case KITE_ACL_GROUP:
		if (cred__in_group(cred, e.e_tag == KITE_ACL_GROUP_OBJ ? w->i_gid : e.e_gid.val)) {
			w->found_group = 1;
			if (e.e_perm & KITE_ACL_WRITE) {
				w->matched_perm = e.e_perm;
				w->awaiting_mask = 1;
			}
		}
		return 0;
	case KITE_ACL_MASK:
		return 0;
	case KITE_ACL_OTHER:
		w->result = w->found_group ? 0 : (e.e_perm & KITE_ACL_WRITE) != 0;
		return 1;
	default:
		w->result = 0;
		return 1;
	}
}

/* acl_permission_check() for MAY_WRITE: 1 granted, 0 denied by the mode bits or the ACL. */
static __always_inline int inode__dac_grants_write(struct inode *inode, const struct cred *cred, uint32_t mode, uint32_t i_uid, uint32_t i_gid)
{
	struct posix_acl *acl = NULL;
	int posix_acl = (BPF_CORE_READ(inode, i_sb, s_flags) & KITE_SB_POSIXACL) != 0;
	if (posix_acl)
		acl = BPF_CORE_READ(inode, i_acl);
	/* everybody may write and there is no ACL to say otherwise */
	if ((mode & 0222) == 0222 && (!posix_acl || !acl))
		return 1;
	uint32_t fsuid = BPF_CORE_READ(cred, fsuid.val);
	if (fsuid == i_uid)
		return (mode & 0200) != 0;
	/* exec loaded the ACL into the inode's cache (check_acl), unless the caller owns the file */
	if (posix_acl && (mode & 0070) && acl && acl != KITE_ACL_NOT_CACHED) {
		struct acl_walk w = {
			.entries = (uint64_t)acl + bpf_core_field_offset(struct posix_acl, a_entries),
			.cred = (uint64_t)cred,
			.count = BPF_CORE_READ(acl, a_count),
			.fsuid = fsuid,
			.i_uid = i_uid,
			.i_gid = i_gid,
			.result = -1,
		};
		uint32_t count = w.count < KITE_MAX_ACL_ENTRIES ? w.count : KITE_MAX_ACL_ENTRIES;
		bpf_loop(count, acl_step, &w, 0);
		if (w.result < 0 && w.awaiting_mask)
			w.result = (w.matched_perm & KITE_ACL_WRITE) != 0;
		if (w.result >= 0)
			return w.result;
	}
	/* group bits when they differ from other's and the caller is in the group */
	if (((mode ^ (mode >> 3)) & 0002) && cred__in_group(cred, i_gid))
		return (mode & 0020) != 0;
	return (mode & 0002) != 0;
}

/* Walk of a uid_gid_map's extents: is `id` (a kernel id) mapped into the namespace? */
struct id_map_walk {
	uint64_t extents;
	uint32_t id;
	uint32_t mapped;
};

static long id_map_step(uint64_t index, void *ctx)
{
	struct id_map_walk *w = ctx;
	struct uid_gid_extent e = {};
	if (bpf_probe_read_kernel(&e, sizeof(e), (const struct uid_gid_extent *)w->extents + index))
		return 1;
	if (w->id >= e.lower_first && w->id - e.lower_first < e.count) {
		w->mapped = 1;
		return 1;
	}
	return 0;
}

static __always_inline int id_map__has(struct uid_gid_map *map, uint32_t id)
{
	uint32_t n = BPF_CORE_READ(map, nr_extents);
	struct id_map_walk w = {.id = id};
	if (n <= KITE_UID_GID_MAP_MAX_BASE_EXTENTS)
		w.extents = (uint64_t)map + bpf_core_field_offset(struct uid_gid_map, extent);
	else
		w.extents = (uint64_t)BPF_CORE_READ(map, forward);
	if (n > KITE_UID_GID_MAP_MAX_EXTENTS)
		n = KITE_UID_GID_MAP_MAX_EXTENTS;
	bpf_loop(n, id_map_step, &w, 0);
	return w.mapped;
}

/* capable_wrt_inode_uidgid(CAP_DAC_OVERRIDE): the capability in the caller's own user
 * namespace, and the file's owner and group mapped into it. */
static __always_inline int cred__overrides_dac(const struct cred *cred, uint32_t i_uid, uint32_t i_gid)
{
	if (!(BPF_CORE_READ(cred, cap_effective.val) & (1ull << KITE_CAP_DAC_OVERRIDE)))
		return 0;
	struct user_namespace *ns = BPF_CORE_READ(cred, user_ns);
	if (!ns || BPF_CORE_READ(ns, level) == 0)
		return 1;
	struct uid_gid_map *uids = (struct uid_gid_map *)((char *)ns + bpf_core_field_offset(struct user_namespace, uid_map));
	struct uid_gid_map *gids = (struct uid_gid_map *)((char *)ns + bpf_core_field_offset(struct user_namespace, gid_map));
	return id_map__has(uids, i_uid) && id_map__has(gids, i_gid);
}

/* Could `cred` open `f` for writing (permission-wise)? */
static __always_inline int file__writable_by(struct file *f, const struct cred *cred)
{
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	if (!inode || !cred)
		return 0;
	uint32_t mode = BPF_CORE_READ(inode, i_mode);
	uint32_t fmt = mode & KITE_S_IFMT;
	if (fmt == KITE_S_IFREG || fmt == KITE_S_IFDIR || fmt == KITE_S_IFLNK) {
		if (BPF_CORE_READ(inode, i_sb, s_flags) & KITE_SB_RDONLY)
			return 0;
		if (BPF_CORE_READ(f, f_path.mnt, mnt_flags) & KITE_MNT_READONLY)
			return 0;
	}
	if (BPF_CORE_READ(inode, i_flags) & KITE_S_IMMUTABLE)
		return 0;
	uint32_t i_uid = BPF_CORE_READ(inode, i_uid.val);
	uint32_t i_gid = BPF_CORE_READ(inode, i_gid.val);
	if (i_uid == (uint32_t)-1 || i_gid == (uint32_t)-1)
		return 0;
	return inode__dac_grants_write(inode, cred, mode, i_uid, i_gid) || cred__overrides_dac(cred, i_uid, i_gid);
}

/* A memfd: a file of the kernel's internal shmem (or hugetlbfs) mount named "memfd:<name>".
 * The mount tells it from a file that only carries the name. */
static __always_inline int file__is_memfd(struct file *f)
{
	if (!(BPF_CORE_READ(f, f_path.mnt, mnt_flags) & KITE_MNT_INTERNAL))
		return 0;
	char prefix[6] = {};
	bpf_probe_read_kernel(prefix, sizeof(prefix), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	return prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' && prefix[4] == 'd' && prefix[5] == ':';
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
