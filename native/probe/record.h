/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * Building one record in the per-CPU scratch buffer: the header, the u16 length
 * table, then parameters appended at `off`. Every write goes through an offset
 * masked with KITE_OFF_MASK so the verifier can bound it; the scratch buffer has
 * room for the largest single write past the largest offset.
 */
#ifndef KITE_RECORD_H
#define KITE_RECORD_H

#define KITE_OFF_MASK (KITE_MAX_EVENT_SIZE - 1)
#define KITE_PAYLOAD_START(nparams) (sizeof(struct kite_event_header) + 2 * (nparams))

/* What open records report of a file (files.h: file__facts). */
struct file_facts {
	uint64_t inode; /* struct inode * */
	uint64_t ino;
	uint32_t fmode;
	uint32_t dev;
};

/* State of the record being built, shared with the bpf_loop parameter callback. */
struct build_ctx {
	uint64_t args[8];    /* syscall arguments (6 used; 8 so a masked index stays inside) */
	int64_t ret;         /* syscall return value */
	uint64_t pid_tgid;   /* of the current task, read once per record */
	uint32_t off;        /* next free payload byte */
	uint32_t argv0_len;  /* length of argv[0] incl. NUL, once the exe param is written */
	uint16_t evt;
	uint16_t flags;      /* KITE_EF_* */
	uint16_t nr;         /* syscall number */
	uint8_t has_args;    /* args[] hold the syscall's arguments (not after a successful exec) */
	uint8_t truncated_counted;
	uint8_t fault_counted;
	uint8_t ret_file_known; /* ret_file and ret_facts are set (several parameters read them) */
	uint8_t pad[6];
	uint64_t ret_file;   /* struct file * of the fd the syscall returned, or 0 */
	struct file_facts ret_facts; /* of ret_file */
};

static __always_inline void counters__add(uint32_t slot)
{
	uint64_t *v = bpf_map_lookup_elem(&counters, &slot);
	if (v)
		*v += 1;
}

_Static_assert(sizeof(struct build_ctx) <= KITE_BUILD_CTX_SIZE, "build_ctx fits its slot in struct scratch");

static __always_inline struct scratch *scratch__get(void)
{
	uint32_t cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_records, &cpu);
}

/* A parameter was cut: flag the record, count the record once. */
static __always_inline void ctx__truncated(struct build_ctx *c)
{
	c->flags |= KITE_EF_TRUNCATED;
	if (!c->truncated_counted) {
		c->truncated_counted = 1;
		counters__add(1 + KITE_DROP_TRUNCATED);
	}
}

/* A user-memory read failed: the parameter is empty; flag and count once. */
static __always_inline void ctx__fault(struct build_ctx *c)
{
	c->flags |= KITE_EF_READ_FAULT;
	if (!c->fault_counted) {
		c->fault_counted = 1;
		counters__add(1 + KITE_DROP_READ_FAULT);
	}
}

/* Bytes left before the record reaches KITE_MAX_EVENT_SIZE. */
static __always_inline uint32_t ctx__room(struct build_ctx *c)
{
	uint32_t off = c->off;
	return off < KITE_MAX_EVENT_SIZE ? KITE_MAX_EVENT_SIZE - off : 0;
}

/* Writes the low `width` bytes of v (little-endian); returns the bytes written. */
static __always_inline uint32_t rec__int(struct build_ctx *c, uint8_t *rec, uint64_t v, uint32_t width)
{
	if (ctx__room(c) < 8) {
		ctx__truncated(c);
		return 0;
	}
	uint8_t *p = &rec[c->off & KITE_OFF_MASK];
	switch (width) {
	case 1:
		*p = (uint8_t)v;
		return 1;
	case 2:
		*(uint16_t *)p = (uint16_t)v;
		return 2;
	case 4:
		*(uint32_t *)p = (uint32_t)v;
		return 4;
	default:
		*(uint64_t *)p = v;
		return 8;
	}
}

/* Copies a NUL-terminated string (user or kernel) without its NUL, at most `bound`
 * bytes of text; flags truncation and read faults. */
static __always_inline uint32_t rec__str(struct build_ctx *c, uint8_t *rec, const void *src, uint32_t bound, int user)
{
	if (!src)
		return 0;
	uint32_t room = ctx__room(c);
	if (room > bound + 1)
		room = bound + 1;
	if (room > KITE_MAX_PATH)
		room = KITE_MAX_PATH;
	if (room < 2) {
		ctx__truncated(c);
		return 0;
	}
	uint8_t *dst = &rec[c->off & KITE_OFF_MASK];
	long n = user ? bpf_probe_read_user_str(dst, room, src) : bpf_probe_read_kernel_str(dst, room, src);
	if (n < 0) {
		ctx__fault(c);
		return 0;
	}
	if ((uint32_t)n >= room)
		ctx__truncated(c);
	return n > 0 ? (uint32_t)n - 1 : 0;
}

/* Copies `len` raw bytes from user memory (bounded by KITE_MAX_ARGS_BOUND). */
static __always_inline uint32_t rec__user_bytes(struct build_ctx *c, uint8_t *rec, const void *src, uint32_t len)
{
	uint32_t room = ctx__room(c);
	if (len > room) {
		len = room;
		ctx__truncated(c);
	}
	if (len > KITE_MAX_ARGS_BOUND)
		len = KITE_MAX_ARGS_BOUND;
	if (!len || !src)
		return 0;
	if (bpf_probe_read_user(&rec[c->off & KITE_OFF_MASK], len, src)) {
		ctx__fault(c);
		return 0;
	}
	return len;
}

#endif /* KITE_RECORD_H */
