// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Issues syscalls that neither the shell nor python can make, for the live probe
 * tests (the test process itself is excluded in the kernel, so a child makes them).
 * Compiled by the tests with the system C compiler: kite_trigger ACTION [ARGS].
 * Prints what the test needs to know (fds, ports) on stdout; exits non-zero when a
 * call that should succeed fails.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "kite_trigger: %s: %s\n", what, strerror(errno));
	return 1;
}

/* A UDP receiver on loopback and its address. */
static int udp_receiver(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) || getsockname(fd, (struct sockaddr *)addr, &len))
		return -1;
	return fd;
}

/* sendmmsg of two datagrams (5 and 7 bytes) from an unconnected socket, recvmmsg of both. */
static int mmsg(void)
{
	struct sockaddr_in to, from[2];
	int rx = udp_receiver(&to);
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0)
		return fail("socket");
	char a[] = "hello", b[] = "datagram", in[2][16];
	struct iovec out_iov[2] = {{a, 5}, {b, 7}}, in_iov[2] = {{in[0], 16}, {in[1], 16}};
	struct mmsghdr out[2], got[2];
	memset(out, 0, sizeof(out));
	memset(got, 0, sizeof(got));
	for (int i = 0; i < 2; i++) {
		out[i].msg_hdr.msg_name = &to;
		out[i].msg_hdr.msg_namelen = sizeof(to);
		out[i].msg_hdr.msg_iov = &out_iov[i];
		out[i].msg_hdr.msg_iovlen = 1;
		got[i].msg_hdr.msg_name = &from[i];
		got[i].msg_hdr.msg_namelen = sizeof(from[i]);
		got[i].msg_hdr.msg_iov = &in_iov[i];
		got[i].msg_hdr.msg_iovlen = 1;
	}
	if (syscall(SYS_sendmmsg, tx, out, 2, 0) != 2)
		return fail("sendmmsg");
	if (syscall(SYS_recvmmsg, rx, got, 2, MSG_WAITFORONE, NULL) < 1)
		return fail("recvmmsg");
	struct sockaddr_in txaddr;
	socklen_t len = sizeof(txaddr);
	getsockname(tx, (struct sockaddr *)&txaddr, &len);
	printf("tx=%d rx=%d rxport=%d txport=%d\n", tx, rx, ntohs(to.sin_port), ntohs(txaddr.sin_port));
	return 0;
}

/* sendmsg of 3 + 4 bytes in two iovecs, then recvmsg of them. */
static int msg(void)
{
	struct sockaddr_in to, from;
	int rx = udp_receiver(&to);
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0)
		return fail("socket");
	char a[] = "abc", b[] = "defg", in[32];
	struct iovec iov[2] = {{a, 3}, {b, 4}}, in_iov = {in, sizeof(in)};
	struct msghdr m = {.msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = iov, .msg_iovlen = 2};
	struct msghdr r = {.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &in_iov, .msg_iovlen = 1};
	if (sendmsg(tx, &m, 0) != 7 || recvmsg(rx, &r, 0) != 7)
		return fail("sendmsg/recvmsg");
	return 0;
}

static int pair(void)
{
	int fds[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds))
		return fail("socketpair");
	printf("fd1=%d fd2=%d\n", fds[0], fds[1]);
	return 0;
}

/* signalfd (no flags argument) and signalfd4 with SIGUSR1 and SIGTERM. */
static int sigfd(void)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGTERM);
	if (syscall(SYS_signalfd, -1, &mask, 8) < 0)
		return fail("signalfd");
	if (syscall(SYS_signalfd4, -1, &mask, 8, SFD_CLOEXEC) < 0)
		return fail("signalfd4");
	return 0;
}

static int prctl_calls(const char *name)
{
	char got[16] = {0};
	int subreaper = -1;
	if (prctl(PR_SET_NAME, name, 0, 0, 0) || prctl(PR_GET_NAME, got, 0, 0, 0))
		return fail("prctl name");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) || prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0))
		return fail("prctl subreaper");
	return 0;
}

/* The fd-creating calls whose Falco event has a parameter the syscall has no argument for. */
static int fds(void)
{
	int one = 0;
	socklen_t len = sizeof(one);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	if (syscall(SYS_eventfd, 3) < 0 || syscall(SYS_inotify_init) < 0)
		return fail("eventfd/inotify_init");
	if (timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK) < 0)
		return fail("timerfd_create");
	if (getsockopt(udp, SOL_SOCKET, SO_TYPE, &one, &len))
		return fail("getsockopt");
	return 0;
}

static int uring(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CLAMP;
	int fd = (int)syscall(SYS_io_uring_setup, 4, &p);
	if (fd < 0)
		return fail("io_uring_setup");
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	if (syscall(SYS_io_uring_enter, fd, 0, 0, IORING_ENTER_GETEVENTS, &mask, 8) < 0)
		return fail("io_uring_enter");
	/* no buffers were registered: fails with ENXIO, the call is what matters */
	syscall(SYS_io_uring_register, fd, IORING_UNREGISTER_BUFFERS, NULL, 0);
	printf("fd=%d sq=%u cq=%u features=%u\n", fd, p.sq_entries, p.cq_entries, p.features);
	return 0;
}

static int forks(void)
{
	pid_t a = (pid_t)syscall(SYS_fork);
	if (a == 0)
		_exit(0);
	pid_t b = vfork();
	if (b == 0)
		_exit(0);
	if (a < 0 || b < 0)
		return fail("fork");
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	return 0;
}

/* Becomes a child subreaper, then runs the command and reaps everything left. */
static int subreaper(char **argv)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return fail("prctl");
	pid_t child = fork();
	if (child == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

/* Copies an executable into a memfd and runs it from there (fexecve). */
static int memfd_exec(char **argv)
{
	char buf[65536];
	int in = open(argv[0], O_RDONLY);
	int fd = memfd_create("kite-memfd", 0);
	if (in < 0 || fd < 0)
		return fail("open/memfd_create");
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, (size_t)n) != n)
			return fail("write");
	}
	extern char **environ;
	fexecve(fd, argv, environ);
	return fail("fexecve");
}

/*
 * Gives PATH the access ACL user::rwx user:UID:rwx group::r-x mask::MASK other::r-x
 * (MASK octal), written as the system.posix_acl_access xattr the way setfacl does.
 */
static int acl(const char *path, const char *uid, const char *mask)
{
	struct {
		uint32_t version;
		struct {
			uint16_t tag, perm;
			uint32_t id;
		} __attribute__((packed)) e[5];
	} __attribute__((packed)) x = {
		.version = 2,
		.e = {
			{0x01, 7, (uint32_t)-1},                      /* ACL_USER_OBJ */
			{0x02, 7, (uint32_t)strtoul(uid, NULL, 10)},  /* ACL_USER */
			{0x04, 5, (uint32_t)-1},                      /* ACL_GROUP_OBJ */
			{0x10, (uint16_t)strtoul(mask, NULL, 8), (uint32_t)-1}, /* ACL_MASK */
			{0x20, 5, (uint32_t)-1},                      /* ACL_OTHER */
		},
	};
	if (setxattr(path, "system.posix_acl_access", &x, sizeof(x), 0))
		return fail("setxattr");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *action = argv[1];
	if (!strcmp(action, "mmsg"))
		return mmsg();
	if (!strcmp(action, "msg"))
		return msg();
	if (!strcmp(action, "socketpair"))
		return pair();
	if (!strcmp(action, "signalfd"))
		return sigfd();
	if (!strcmp(action, "prctl") && argc > 2)
		return prctl_calls(argv[2]);
	if (!strcmp(action, "fds"))
		return fds();
	if (!strcmp(action, "io_uring"))
		return uring();
	if (!strcmp(action, "forks"))
		return forks();
	if (!strcmp(action, "subreaper") && argc > 2)
		return subreaper(argv + 2);
	if (!strcmp(action, "memfd-exec") && argc > 2)
		return memfd_exec(argv + 2);
	if (!strcmp(action, "acl") && argc > 4)
		return acl(argv[2], argv[3], argv[4]);
	return 2;
}
