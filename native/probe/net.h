/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/* Sockets: SOCKADDR and SOCKTUPLE parameters (layouts in kite_events.h). */
#ifndef KITE_NET_H
#define KITE_NET_H

#define KITE_AF_UNIX 1
#define KITE_AF_INET 2
#define KITE_AF_INET6 10
#define KITE_UNIX_PATH_MAX 108

/* The struct sock behind a socket fd, or NULL when fd is not a socket. */
static __always_inline struct sock *task__sock(struct task_struct *task, int64_t fd)
{
	struct file *f = task__file(task, fd);
	if (!f)
		return NULL;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & KITE_S_IFMT) != KITE_S_IFSOCK)
		return NULL;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* Remote end taken from a user sockaddr (for unconnected sockets). */
struct remote_addr {
	uint8_t addr[16];
	uint16_t port;
	uint16_t family;
};

static __always_inline int user__remote(const void *uaddr, struct remote_addr *out)
{
	if (!uaddr)
		return 0;
	uint16_t family = 0;
	if (bpf_probe_read_user(&family, sizeof(family), uaddr))
		return 0;
	if (family == KITE_AF_INET) {
		struct sockaddr_in sin;
		if (bpf_probe_read_user(&sin, sizeof(sin), uaddr))
			return 0;
		__builtin_memcpy(out->addr, &sin.sin_addr.s_addr, 4);
		out->port = bpf_ntohs(sin.sin_port);
	} else if (family == KITE_AF_INET6) {
		struct sockaddr_in6 sin6;
		if (bpf_probe_read_user(&sin6, sizeof(sin6), uaddr))
			return 0;
		__builtin_memcpy(out->addr, &sin6.sin6_addr, 16);
		out->port = bpf_ntohs(sin6.sin6_port);
	} else {
		return 0;
	}
	out->family = family;
	return 1;
}

/* SOCKADDR from user memory: u8 family + family-specific bytes. */
static __always_inline uint32_t rec__user_sockaddr(struct build_ctx *c, uint8_t *rec, const void *uaddr, uint64_t ulen)
{
	if (!uaddr || ctx__room(c) < 2 + KITE_UNIX_PATH_MAX)
		return 0;
	uint8_t *p = &rec[c->off & KITE_OFF_MASK];
	uint16_t family = 0;
	if (bpf_probe_read_user(&family, sizeof(family), uaddr)) {
		ctx__fault(c);
		return 0;
	}
	p[0] = (uint8_t)family;
	if (family == KITE_AF_INET || family == KITE_AF_INET6) {
		struct remote_addr r = {};
		if (!user__remote(uaddr, &r)) {
			ctx__fault(c);
			return 0;
		}
		uint32_t alen = family == KITE_AF_INET ? 4 : 16;
		bpf_probe_read_kernel(p + 1, alen, r.addr);
		*(uint16_t *)(p + 1 + alen) = r.port;
		return 1 + alen + 2;
	}
	if (family == KITE_AF_UNIX) {
		uint64_t n = ulen > 2 ? ulen - 2 : 0;
		if (n > KITE_UNIX_PATH_MAX)
			n = KITE_UNIX_PATH_MAX;
		if (!n)
			return 1;
		uint64_t size = n;
		barrier_var(size);
		size &= 127;
		if (bpf_probe_read_user(p + 1, size, (const char *)uaddr + 2)) {
			ctx__fault(c);
			return 1;
		}
		/* A pathname ends at its NUL; an abstract name (leading NUL) is length-delimited. */
		if (p[1] != 0) {
			for (uint32_t i = 0; i < KITE_UNIX_PATH_MAX; i++) {
				if (i >= n || p[1 + i] == 0)
					return 1 + i;
			}
		}
		return 1 + (uint32_t)n;
	}
	return 1;
}

/* Path bytes of a unix socket address (NUL-terminated pathname or abstract name). */
static __always_inline uint32_t unix__write_path(uint8_t *dst, struct unix_address *ua)
{
	if (!ua)
		return 0;
	int len = BPF_CORE_READ(ua, len);
	uint32_t n = len > 2 ? (uint32_t)len - 2 : 0;
	if (n > KITE_UNIX_PATH_MAX)
		n = KITE_UNIX_PATH_MAX;
	if (!n)
		return 0;
	const char *path = (const char *)ua + bpf_core_field_offset(struct unix_address, name) + 2;
	uint64_t size = n;
	barrier_var(size);
	size &= 127;
	bpf_probe_read_kernel(dst, size, path);
	if (dst[0] != 0) {
		for (uint32_t i = 0; i < KITE_UNIX_PATH_MAX; i++) {
			if (i >= n || dst[i] == 0)
				return i;
		}
	}
	return n;
}

/*
 * SOCKTUPLE of a socket fd: local end first. When the socket has no peer
 * (unconnected UDP), the remote end comes from `uremote` (a user sockaddr) if given.
 */
static __always_inline uint32_t rec__sock_tuple(struct build_ctx *c, uint8_t *rec, int64_t fd, const void *uremote)
{
	if (ctx__room(c) < 1 + 16 + KITE_UNIX_PATH_MAX) {
		ctx__truncated(c);
		return 0;
	}
	struct task_struct *task = bpf_get_current_task_btf();
	struct sock *sk = task__sock(task, fd);
	if (!sk)
		return 0;
	uint8_t *p = &rec[c->off & KITE_OFF_MASK];
	uint16_t family = BPF_CORE_READ(sk, __sk_common.skc_family);
	p[0] = (uint8_t)family;
	if (family == KITE_AF_INET) {
		uint32_t laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		uint32_t raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		uint16_t lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		uint16_t rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (!raddr && !rport) {
			struct remote_addr r = {};
			if (user__remote(uremote, &r) && r.family == KITE_AF_INET) {
				__builtin_memcpy(&raddr, r.addr, 4);
				rport = r.port;
			}
		}
		__builtin_memcpy(p + 1, &laddr, 4);
		*(uint16_t *)(p + 5) = lport;
		__builtin_memcpy(p + 7, &raddr, 4);
		*(uint16_t *)(p + 11) = rport;
		return 13;
	}
	if (family == KITE_AF_INET6) {
		struct in6_addr laddr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr raddr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		uint16_t lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		uint16_t rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		uint64_t *rw = (uint64_t *)&raddr;
		if (!rw[0] && !rw[1] && !rport) {
			struct remote_addr r = {};
			if (user__remote(uremote, &r) && r.family == KITE_AF_INET6) {
				__builtin_memcpy(&raddr, r.addr, 16);
				rport = r.port;
			}
		}
		__builtin_memcpy(p + 1, &laddr, 16);
		*(uint16_t *)(p + 17) = lport;
		__builtin_memcpy(p + 19, &raddr, 16);
		*(uint16_t *)(p + 35) = rport;
		return 37;
	}
	if (family == KITE_AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		*(uint64_t *)(p + 1) = (uint64_t)sk;
		*(uint64_t *)(p + 9) = (uint64_t)peer;
		struct unix_address *ua = BPF_CORE_READ(us, addr);
		if (!ua && peer)
			ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
		return 17 + unix__write_path(p + 17, ua);
	}
	return 1;
}

/* Remote sockaddr pointer of a msghdr (sendmsg/recvmsg). */
static __always_inline const void *user__msg_name(const void *umsg)
{
	struct user_msghdr m = {};
	if (!umsg || bpf_probe_read_user(&m, sizeof(m), umsg))
		return NULL;
	return m.msg_name;
}

/* The kernel address of the peer of a unix socket (0 for other families or no peer). */
static __always_inline uint64_t sock__unix_peer(struct sock *sk)
{
	if (!sk || BPF_CORE_READ(sk, __sk_common.skc_family) != KITE_AF_UNIX)
		return 0;
	return (uint64_t)BPF_CORE_READ((struct unix_sock *)sk, peer);
}

/* getsockopt's value: `ulen` points to the length the kernel stored after the call. */
static __always_inline uint32_t rec__user_optval(struct build_ctx *c, uint8_t *rec, const void *uval, const void *ulen)
{
	int32_t len = 0;
	if (!uval || !ulen)
		return 0;
	if (bpf_probe_read_user(&len, sizeof(len), ulen)) {
		ctx__fault(c);
		return 0;
	}
	if (len <= 0)
		return 0;
	if (ctx__room(c) < KITE_MAX_OPTVAL) {
		ctx__truncated(c);
		return 0;
	}
	if (len > KITE_MAX_OPTVAL) {
		len = KITE_MAX_OPTVAL;
		ctx__truncated(c);
	}
	uint64_t size = (uint32_t)len;
	barrier_var(size);
	size &= 2 * KITE_MAX_OPTVAL - 1; /* the verifier's bound; len <= KITE_MAX_OPTVAL already */
	if (!size)
		return 0;
	if (bpf_probe_read_user(&rec[c->off & KITE_OFF_MASK], size, uval)) {
		ctx__fault(c);
		return 0;
	}
	return (uint32_t)size;
}

/* The kernel caps iovec and mmsghdr arrays at UIO_MAXIOV entries. */
#define KITE_UIO_MAXIOV 1024

struct user_sum {
	uint64_t base;  /* user address of the array */
	uint64_t total;
};

static long iov_len_step(uint64_t index, void *ctx)
{
	struct user_sum *s = ctx;
	struct iovec v = {};
	if (bpf_probe_read_user(&v, sizeof(v), (const struct iovec *)s->base + index))
		return 1;
	s->total += v.iov_len;
	return 0;
}

/* The bytes a msghdr asks to send: the sum of its iov_len, as the kernel counts them. */
static __always_inline uint32_t rec__msg_iov_bytes(struct build_ctx *c, uint8_t *rec, const void *umsg, uint32_t width)
{
	struct user_msghdr m = {};
	if (!umsg || bpf_probe_read_user(&m, sizeof(m), umsg)) {
		ctx__fault(c);
		return 0;
	}
	struct user_sum s = {.base = (uint64_t)m.msg_iov};
	uint64_t n = m.msg_iovlen;
	if (n > KITE_UIO_MAXIOV)
		n = KITE_UIO_MAXIOV;
	bpf_loop((uint32_t)n, iov_len_step, &s, 0);
	return rec__int(c, rec, s.total, width);
}

static long mmsg_len_step(uint64_t index, void *ctx)
{
	struct user_sum *s = ctx;
	uint32_t len = 0;
	const struct mmsghdr *m = (const struct mmsghdr *)s->base + index;
	if (bpf_probe_read_user(&len, sizeof(len), &m->msg_len))
		return 1;
	s->total += len;
	return 0;
}

/* Bytes moved by a sendmmsg/recvmmsg that returned `count` messages: the kernel
 * stores each message's byte count in its msg_len. */
static __always_inline uint64_t user__mmsg_bytes(const void *ummsg, int64_t count)
{
	if (!ummsg || count <= 0)
		return 0;
	struct user_sum s = {.base = (uint64_t)ummsg};
	bpf_loop(count > KITE_UIO_MAXIOV ? KITE_UIO_MAXIOV : (uint32_t)count, mmsg_len_step, &s, 0);
	return s.total;
}

#endif /* KITE_NET_H */
