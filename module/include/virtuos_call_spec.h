/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * VirtuOS call specification: one row for every x86_64 system call, and
 * one for each call of the protocol's own. Both sides build their tables
 * from it (virtuos_calls.h: the argument shapes and which roles serve a
 * call; the library: how each call is routed), and host tests check it
 * against the kernel's system-call table and Documentation/calls.rst.
 *
 * No include guard: each user defines VIRTUOS_CALL (and VIRTUOS_OWN_CALL)
 * and includes this file where the rows should expand.
 *
 * VIRTUOS_CALL(nr, name, route, serves, shape, note)
 *   route: how the library routes the call
 *     FD               the descriptor in argument 0 decides: a remote one
 *                      sends the call to its domain
 *     PATH(i, j)       the path in argument i (and j, or -1) decides
 *     AT(i, j)         the (dirfd, path) pair in arguments i - 1, i (and
 *                      j - 1, j) decides
 *     SOCK             like FD, for the network domain's sockets; a
 *                      storage descriptor gives ENOTSOCK
 *     SPECIAL          an emulation of the library, named in the note
 *     NOFD(i, j, err)  refused with err on a remote descriptor in
 *                      argument i (or j)
 *     NOPATH(i, j, err), NOAT(i, j, err)
 *                      refused with err on a remote path
 *     LOCAL            the primary's kernel answers; the note says why
 *                      that is right
 *   serves: the roles whose shadows run the call (STORAGE, NETWORK, BOTH,
 *     or NONE: it never crosses as itself)
 *   shape: the arguments as they cross (VA_* of virtuos_calls.h), () when
 *     the call does not cross
 *
 * Keep the rows sorted by number.
 */

VIRTUOS_CALL(0, read, FD, BOTH, (VA_FD, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(1, write, FD, BOTH, (VA_FD, VA_IN(2), VA_VAL), "")
VIRTUOS_CALL(2, open, SPECIAL, STORAGE, (VA_PATH, VA_VAL, VA_VAL), "a new remote descriptor")
VIRTUOS_CALL(3, close, SPECIAL, BOTH, (VA_FD), "in its domain, then the placeholder")
VIRTUOS_CALL(4, stat, PATH(0, -1), STORAGE, (VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE)), "")
VIRTUOS_CALL(5, fstat, FD, BOTH, (VA_FD, VA_OUTSZ(VIRTUOS_STAT_SIZE)), "")
VIRTUOS_CALL(6, lstat, PATH(0, -1), STORAGE, (VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE)), "")
VIRTUOS_CALL(7, poll, SPECIAL, BOTH, (VA_INOUT_ARRAY(1, VIRTUOS_POLLFD_SIZE), VA_VAL, VA_VAL),
	     "wait across domains")
VIRTUOS_CALL(8, lseek, FD, BOTH, (VA_FD, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(9, mmap, SPECIAL, NONE, (),
	     "private copy of a remote file; writable MAP_SHARED ENODEV")
VIRTUOS_CALL(10, mprotect, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(11, munmap, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(12, brk, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(13, rt_sigaction, SPECIAL, NONE, (), "the library handles faults in shared memory")
VIRTUOS_CALL(14, rt_sigprocmask, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(15, rt_sigreturn, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(16, ioctl, SPECIAL, BOTH, (VA_FD, VA_VAL, VA_INOUTSZ(4)),
	     "requests with one int cross, and FS_IOC_FIEMAP; anything else ENOTTY")
VIRTUOS_CALL(17, pread64, FD, BOTH, (VA_FD, VA_OUT(2), VA_VAL, VA_VAL), "")
VIRTUOS_CALL(18, pwrite64, FD, BOTH, (VA_FD, VA_IN(2), VA_VAL, VA_VAL), "")
VIRTUOS_CALL(19, readv, FD, NONE, (), "as read, piece by piece")
VIRTUOS_CALL(20, writev, FD, NONE, (), "as write, piece by piece")
VIRTUOS_CALL(21, access, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL), "")
VIRTUOS_CALL(22, pipe, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(23, select, SPECIAL, NONE, (), "wait across domains")
VIRTUOS_CALL(24, sched_yield, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(25, mremap, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(26, msync, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(27, mincore, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(28, madvise, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(29, shmget, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(30, shmat, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(31, shmctl, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(32, dup, SPECIAL, BOTH, (VA_FD), "duplicated in its domain")
VIRTUOS_CALL(33, dup2, SPECIAL, NONE, (), "duplicated in its domain")
VIRTUOS_CALL(34, pause, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(35, nanosleep, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(36, getitimer, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(37, alarm, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(38, setitimer, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(39, getpid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(40, sendfile, SPECIAL, BOTH, (VA_FD, VA_FD, VA_INOUTSZ_OR_NULL(8), VA_VAL),
	     "in one domain, or bounced through the library")
VIRTUOS_CALL(41, socket, SPECIAL, NETWORK, (VA_VAL, VA_VAL, VA_VAL),
	     "AF_INET, AF_INET6 to the network domain")
VIRTUOS_CALL(42, connect, SOCK, NETWORK, (VA_FD, VA_IN(2), VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(43, accept, SOCK, NONE, (), "as accept4; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(44, sendto, SOCK, NETWORK, (VA_FD, VA_IN(2), VA_VAL, VA_VAL, VA_IN_OR_NULL(5), VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(45, recvfrom, SOCK, NETWORK,
	     (VA_FD, VA_OUT(2), VA_VAL, VA_VAL, VA_OUTSZ_OR_NULL(VIRTUOS_ADDR_SIZE),
	      VA_INOUTSZ_OR_NULL(4)),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(46, sendmsg, SOCK, NONE, (),
	     "as VIRTUOS_CALL_SENDMSG; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(47, recvmsg, SOCK, NONE, (),
	     "as VIRTUOS_CALL_RECVMSG; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(48, shutdown, SOCK, NETWORK, (VA_FD, VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(49, bind, SOCK, NETWORK, (VA_FD, VA_IN(2), VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(50, listen, SOCK, NETWORK, (VA_FD, VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(51, getsockname, SOCK, NETWORK, (VA_FD, VA_OUTSZ(VIRTUOS_ADDR_SIZE), VA_INOUTSZ(4)),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(52, getpeername, SOCK, NETWORK, (VA_FD, VA_OUTSZ(VIRTUOS_ADDR_SIZE), VA_INOUTSZ(4)),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(53, socketpair, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(54, setsockopt, SOCK, NETWORK, (VA_FD, VA_VAL, VA_VAL, VA_IN(4), VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(55, getsockopt, SOCK, NETWORK,
	     (VA_FD, VA_VAL, VA_VAL, VA_OUTSZ(VIRTUOS_SOCKOPT_SIZE), VA_INOUTSZ(4)),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(56, clone, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(57, fork, SPECIAL, NONE, (), "the shadows fork too")
VIRTUOS_CALL(58, vfork, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(59, execve, SPECIAL, NONE, (),
	     "remote state carried over; a /storage image runs from a memfd")
VIRTUOS_CALL(60, exit, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(61, wait4, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(62, kill, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(63, uname, SPECIAL, NETWORK, (VA_OUTSZ(VIRTUOS_UTSNAME_SIZE)),
	     "the network domain answers")
VIRTUOS_CALL(64, semget, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(65, semop, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(66, semctl, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(67, shmdt, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(68, msgget, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(69, msgsnd, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(70, msgrcv, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(71, msgctl, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(72, fcntl, SPECIAL, BOTH, (VA_FD, VA_VAL, VA_VAL),
	     "locks and flags cross; F_DUPFD, F_GETFD, F_SETFD stay here; owners, leases: EINVAL")
VIRTUOS_CALL(73, flock, FD, BOTH, (VA_FD, VA_VAL), "")
VIRTUOS_CALL(74, fsync, FD, BOTH, (VA_FD), "")
VIRTUOS_CALL(75, fdatasync, FD, BOTH, (VA_FD), "")
VIRTUOS_CALL(76, truncate, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL), "")
VIRTUOS_CALL(77, ftruncate, FD, BOTH, (VA_FD, VA_VAL), "")
VIRTUOS_CALL(78, getdents, NOFD(0, -1, EOPNOTSUPP), NONE, (),
	     "the old record format is not offered: getdents64 is")
VIRTUOS_CALL(79, getcwd, SPECIAL, STORAGE, (VA_OUT(1), VA_VAL),
	     "the prefix and the storage domain's answer")
VIRTUOS_CALL(80, chdir, SPECIAL, STORAGE, (VA_PATH), "a remote working directory")
VIRTUOS_CALL(81, fchdir, SPECIAL, BOTH, (VA_FD), "a remote working directory")
VIRTUOS_CALL(82, rename, PATH(0, 1), STORAGE, (VA_PATH, VA_PATH), "")
VIRTUOS_CALL(83, mkdir, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL), "")
VIRTUOS_CALL(84, rmdir, PATH(0, -1), STORAGE, (VA_PATH), "")
VIRTUOS_CALL(85, creat, SPECIAL, NONE, (), "as open(O_CREAT|O_WRONLY|O_TRUNC)")
VIRTUOS_CALL(86, link, PATH(0, 1), STORAGE, (VA_PATH, VA_PATH), "")
VIRTUOS_CALL(87, unlink, PATH(0, -1), STORAGE, (VA_PATH), "")
VIRTUOS_CALL(88, symlink, PATH(1, -1), STORAGE, (VA_PATH, VA_PATH),
	     "the target is only a string: the link decides")
VIRTUOS_CALL(89, readlink, PATH(0, -1), STORAGE, (VA_PATH, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(90, chmod, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL), "")
VIRTUOS_CALL(91, fchmod, FD, BOTH, (VA_FD, VA_VAL), "")
VIRTUOS_CALL(92, chown, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(93, fchown, FD, BOTH, (VA_FD, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(94, lchown, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(95, umask, SPECIAL, STORAGE, (VA_VAL), "here and in the storage domain")
VIRTUOS_CALL(96, gettimeofday, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(97, getrlimit, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(98, getrusage, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(99, sysinfo, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(100, times, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(101, ptrace, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(102, getuid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(103, syslog, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(104, getgid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(105, setuid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(106, setgid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(107, geteuid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(108, getegid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(109, setpgid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(110, getppid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(111, getpgrp, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(112, setsid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(113, setreuid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(114, setregid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(115, getgroups, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(116, setgroups, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(117, setresuid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(118, getresuid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(119, setresgid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(120, getresgid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(121, getpgid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(122, setfsuid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(123, setfsgid, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(124, getsid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(125, capget, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(126, capset, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(127, rt_sigpending, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(128, rt_sigtimedwait, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(129, rt_sigqueueinfo, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(130, rt_sigsuspend, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(131, sigaltstack, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(132, utime, SPECIAL, NONE, (), "as utimensat")
VIRTUOS_CALL(133, mknod, PATH(0, -1), STORAGE, (VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(134, uselib, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(135, personality, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(136, ustat, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(137, statfs, PATH(0, -1), STORAGE, (VA_PATH, VA_OUTSZ(VIRTUOS_STATFS_SIZE)), "")
VIRTUOS_CALL(138, fstatfs, FD, BOTH, (VA_FD, VA_OUTSZ(VIRTUOS_STATFS_SIZE)), "")
VIRTUOS_CALL(139, sysfs, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(140, getpriority, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(141, setpriority, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(142, sched_setparam, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(143, sched_getparam, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(144, sched_setscheduler, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(145, sched_getscheduler, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(146, sched_get_priority_max, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(147, sched_get_priority_min, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(148, sched_rr_get_interval, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(149, mlock, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(150, munlock, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(151, mlockall, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(152, munlockall, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(153, vhangup, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(154, modify_ldt, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(155, pivot_root, NOPATH(0, 1, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(156, _sysctl, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(157, prctl, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(158, arch_prctl, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(159, adjtimex, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(160, setrlimit, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(161, chroot, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(162, sync, SPECIAL, STORAGE, (VA_NONE), "the primary, then the storage domain")
VIRTUOS_CALL(163, acct, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(164, settimeofday, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(165, mount, NOPATH(1, -1, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(166, umount2, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(167, swapon, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(168, swapoff, NOPATH(0, -1, EOPNOTSUPP), NONE, (),
	     "acts on the primary's own name space or kernel")
VIRTUOS_CALL(169, reboot, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(170, sethostname, SPECIAL, NETWORK, (VA_IN(1), VA_VAL), "the network domain")
VIRTUOS_CALL(171, setdomainname, SPECIAL, NETWORK, (VA_IN(1), VA_VAL), "the network domain")
VIRTUOS_CALL(172, iopl, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(173, ioperm, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(174, create_module, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(175, init_module, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(176, delete_module, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(177, get_kernel_syms, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(178, query_module, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(179, quotactl, NOPATH(1, -1, EOPNOTSUPP), NONE, (),
	     "quotas of the storage domain are its own")
VIRTUOS_CALL(180, nfsservctl, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(181, getpmsg, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(182, putpmsg, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(183, afs_syscall, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(184, tuxcall, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(185, security, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(186, gettid, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(187, readahead, FD, BOTH, (VA_FD, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(188, setxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH, VA_IN(3), VA_VAL, VA_VAL), "")
VIRTUOS_CALL(189, lsetxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH, VA_IN(3), VA_VAL, VA_VAL), "")
VIRTUOS_CALL(190, fsetxattr, FD, BOTH, (VA_FD, VA_PATH, VA_IN(3), VA_VAL, VA_VAL), "")
VIRTUOS_CALL(191, getxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH, VA_OUT(3), VA_VAL), "")
VIRTUOS_CALL(192, lgetxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH, VA_OUT(3), VA_VAL), "")
VIRTUOS_CALL(193, fgetxattr, FD, BOTH, (VA_FD, VA_PATH, VA_OUT(3), VA_VAL), "")
VIRTUOS_CALL(194, listxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(195, llistxattr, PATH(0, -1), STORAGE, (VA_PATH, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(196, flistxattr, FD, BOTH, (VA_FD, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(197, removexattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH), "")
VIRTUOS_CALL(198, lremovexattr, PATH(0, -1), STORAGE, (VA_PATH, VA_PATH), "")
VIRTUOS_CALL(199, fremovexattr, FD, BOTH, (VA_FD, VA_PATH), "")
VIRTUOS_CALL(200, tkill, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(201, time, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(202, futex, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(203, sched_setaffinity, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(204, sched_getaffinity, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(205, set_thread_area, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(206, io_setup, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(207, io_destroy, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(208, io_getevents, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(209, io_submit, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(210, io_cancel, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(211, get_thread_area, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(212, lookup_dcookie, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(213, epoll_create, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(214, epoll_ctl_old, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(215, epoll_wait_old, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(216, remap_file_pages, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(217, getdents64, FD, BOTH, (VA_FD, VA_OUT(2), VA_VAL), "")
VIRTUOS_CALL(218, set_tid_address, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(219, restart_syscall, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(220, semtimedop, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(221, fadvise64, FD, BOTH, (VA_FD, VA_VAL, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(222, timer_create, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(223, timer_settime, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(224, timer_gettime, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(225, timer_getoverrun, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(226, timer_delete, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(227, clock_settime, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(228, clock_gettime, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(229, clock_getres, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(230, clock_nanosleep, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(231, exit_group, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(232, epoll_wait, SPECIAL, BOTH,
	     (VA_FD, VA_OUT_ARRAY(2, VIRTUOS_EPOLL_EVENT_SIZE), VA_VAL, VA_VAL),
	     "wait across domains")
VIRTUOS_CALL(233, epoll_ctl, SPECIAL, BOTH,
	     (VA_FD, VA_VAL, VA_FD, VA_INSZ_OR_NULL(VIRTUOS_EPOLL_EVENT_SIZE)),
	     "remote members watched by the library")
VIRTUOS_CALL(234, tgkill, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(235, utimes, SPECIAL, NONE, (), "as utimensat")
VIRTUOS_CALL(236, vserver, LOCAL, NONE, (), "not implemented by Linux (ENOSYS)")
VIRTUOS_CALL(237, mbind, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(238, set_mempolicy, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(239, get_mempolicy, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(240, mq_open, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(241, mq_unlink, LOCAL, NONE, (), "IPC of the primary (names, not paths)")
VIRTUOS_CALL(242, mq_timedsend, NOFD(0, -1, EBADF), NONE, (), "not a message queue")
VIRTUOS_CALL(243, mq_timedreceive, NOFD(0, -1, EBADF), NONE, (), "not a message queue")
VIRTUOS_CALL(244, mq_notify, NOFD(0, -1, EBADF), NONE, (), "not a message queue")
VIRTUOS_CALL(245, mq_getsetattr, NOFD(0, -1, EBADF), NONE, (), "not a message queue")
VIRTUOS_CALL(246, kexec_load, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(247, waitid, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(248, add_key, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(249, request_key, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(250, keyctl, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(251, ioprio_set, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(252, ioprio_get, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(253, inotify_init, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(254, inotify_add_watch, SPECIAL, STORAGE, (VA_FD, VA_PATH, VA_VAL),
	     "a /storage path: the instance moves to the storage domain at its first watch")
VIRTUOS_CALL(255, inotify_rm_watch, FD, STORAGE, (VA_FD, VA_VAL), "")
VIRTUOS_CALL(256, migrate_pages, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(257, openat, SPECIAL, STORAGE, (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL),
	     "a new remote descriptor")
VIRTUOS_CALL(258, mkdirat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL), "")
VIRTUOS_CALL(259, mknodat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(260, fchownat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(261, futimesat, SPECIAL, NONE, (), "as utimensat")
VIRTUOS_CALL(262, newfstatat, AT(1, -1), STORAGE,
	     (VA_DIRFD, VA_PATH, VA_OUTSZ(VIRTUOS_STAT_SIZE), VA_VAL),
	     "")
VIRTUOS_CALL(263, unlinkat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL), "")
VIRTUOS_CALL(264, renameat, AT(1, 3), STORAGE, (VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH), "")
VIRTUOS_CALL(265, linkat, AT(1, 3), STORAGE, (VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH, VA_VAL), "")
VIRTUOS_CALL(266, symlinkat, AT(2, -1), STORAGE, (VA_PATH, VA_DIRFD, VA_PATH),
	     "the target is only a string: the link decides")
VIRTUOS_CALL(267, readlinkat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_OUT(3), VA_VAL), "")
VIRTUOS_CALL(268, fchmodat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL), "")
VIRTUOS_CALL(269, faccessat, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(270, pselect6, SPECIAL, NONE, (), "wait across domains")
VIRTUOS_CALL(271, ppoll, SPECIAL, NONE, (), "wait across domains")
VIRTUOS_CALL(272, unshare, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(273, set_robust_list, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(274, get_robust_list, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(275, splice, SPECIAL, NONE, (), "EINVAL on a remote descriptor (no pipe there)")
VIRTUOS_CALL(276, tee, SPECIAL, NONE, (), "EINVAL on a remote descriptor (no pipe there)")
VIRTUOS_CALL(277, sync_file_range, FD, BOTH, (VA_FD, VA_VAL, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(278, vmsplice, NOFD(0, -1, EBADF), NONE, (), "not a pipe")
VIRTUOS_CALL(279, move_pages, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(280, utimensat, AT(1, -1), STORAGE,
	     (VA_DIRFD, VA_PATH_OR_NULL, VA_INSZ_OR_NULL(VIRTUOS_TIMES_SIZE), VA_VAL),
	     "")
VIRTUOS_CALL(281, epoll_pwait, SPECIAL, NONE, (), "wait across domains")
VIRTUOS_CALL(282, signalfd, NOFD(0, -1, EINVAL), NONE, (), "not that kind of descriptor")
VIRTUOS_CALL(283, timerfd_create, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(284, eventfd, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(285, fallocate, FD, BOTH, (VA_FD, VA_VAL, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(286, timerfd_settime, NOFD(0, -1, EINVAL), NONE, (), "not that kind of descriptor")
VIRTUOS_CALL(287, timerfd_gettime, NOFD(0, -1, EINVAL), NONE, (), "not that kind of descriptor")
VIRTUOS_CALL(288, accept4, SOCK, NETWORK,
	     (VA_FD, VA_OUTSZ_OR_NULL(VIRTUOS_ADDR_SIZE), VA_INOUTSZ_OR_NULL(4), VA_VAL),
	     "network domain sockets; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(289, signalfd4, NOFD(0, -1, EINVAL), NONE, (), "not that kind of descriptor")
VIRTUOS_CALL(290, eventfd2, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(291, epoll_create1, LOCAL, BOTH, (VA_VAL),
	     "makes a descriptor of the primary (and one in a domain for members there)")
VIRTUOS_CALL(292, dup3, SPECIAL, NONE, (), "duplicated in its domain")
VIRTUOS_CALL(293, pipe2, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(294, inotify_init1, LOCAL, STORAGE, (VA_VAL),
	     "made here; moved to the storage domain at its first watch there")
VIRTUOS_CALL(295, preadv, FD, NONE, (), "as pread64, piece by piece")
VIRTUOS_CALL(296, pwritev, FD, NONE, (), "as pwrite64, piece by piece")
VIRTUOS_CALL(297, rt_tgsigqueueinfo, LOCAL, NONE, (), "signals of the primary")
VIRTUOS_CALL(298, perf_event_open, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(299, recvmmsg, SOCK, NONE, (), "message by message; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(300, fanotify_init, LOCAL, STORAGE, (VA_VAL, VA_VAL),
	     "made here; moved to the storage domain at its first mark there")
VIRTUOS_CALL(301, fanotify_mark, SPECIAL, STORAGE,
	     (VA_FD, VA_VAL, VA_VAL, VA_DIRFD, VA_PATH_OR_NULL),
	     "a /storage path: the instance moves to the storage domain at its first mark")
VIRTUOS_CALL(302, prlimit64, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(303, name_to_handle_at, NOAT(1, -1, EOPNOTSUPP), NONE, (),
	     "no file handles of remote files")
VIRTUOS_CALL(304, open_by_handle_at, NOFD(0, -1, EOPNOTSUPP), NONE, (),
	     "no file handles of remote files")
VIRTUOS_CALL(305, clock_adjtime, LOCAL, NONE, (), "clocks and timers of the primary")
VIRTUOS_CALL(306, syncfs, FD, BOTH, (VA_FD), "")
VIRTUOS_CALL(307, sendmmsg, SOCK, NONE, (), "message by message; ENOTSOCK on a storage descriptor")
VIRTUOS_CALL(308, setns, SPECIAL, NONE, (), "credentials carried to the shadows")
VIRTUOS_CALL(309, getcpu, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(310, process_vm_readv, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(311, process_vm_writev, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(312, kcmp, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(313, finit_module, NOFD(0, -1, EOPNOTSUPP), NONE, (),
	     "modules load from primary files")
VIRTUOS_CALL(314, sched_setattr, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(315, sched_getattr, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(316, renameat2, AT(1, 3), STORAGE, (VA_DIRFD, VA_PATH, VA_DIRFD, VA_PATH, VA_VAL), "")
VIRTUOS_CALL(317, seccomp, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(318, getrandom, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(319, memfd_create, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(320, kexec_file_load, NOFD(0, 1, EOPNOTSUPP), NONE, (),
	     "kernels load from primary files")
VIRTUOS_CALL(321, bpf, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(322, execveat, SPECIAL, NONE, (),
	     "remote state carried over; a /storage image runs from a memfd")
VIRTUOS_CALL(323, userfaultfd, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(324, membarrier, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(325, mlock2, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(326, copy_file_range, SPECIAL, BOTH,
	     (VA_FD, VA_INOUTSZ_OR_NULL(8), VA_FD, VA_INOUTSZ_OR_NULL(8), VA_VAL, VA_VAL),
	     "in one domain, or bounced through the library")
VIRTUOS_CALL(327, preadv2, FD, NONE, (), "as pread64, piece by piece")
VIRTUOS_CALL(328, pwritev2, FD, NONE, (), "as pwrite64, piece by piece")
VIRTUOS_CALL(329, pkey_mprotect, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(330, pkey_alloc, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(331, pkey_free, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(332, statx, AT(1, -1), STORAGE,
	     (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL, VA_OUTSZ(VIRTUOS_STATX_SIZE)),
	     "")
VIRTUOS_CALL(333, io_pgetevents, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(334, rseq, LOCAL, NONE, (), "scheduling of the primary")
VIRTUOS_CALL(424, pidfd_send_signal, NOFD(0, -1, EBADF), NONE, (), "not a pidfd")
VIRTUOS_CALL(425, io_uring_setup, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(426, io_uring_enter, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(427, io_uring_register, LOCAL, NONE, (),
	     "asynchronous I/O of the primary; on a remote descriptor reads and writes fail: EBADF")
VIRTUOS_CALL(428, open_tree, NOAT(1, -1, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(429, move_mount, NOAT(1, 3, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(430, fsopen, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(431, fsconfig, NOFD(0, -1, EINVAL), NONE, (), "not a file system context")
VIRTUOS_CALL(432, fsmount, NOFD(0, -1, EINVAL), NONE, (), "not a file system context")
VIRTUOS_CALL(433, fspick, NOAT(1, -1, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(434, pidfd_open, LOCAL, NONE, (), "makes a descriptor of the primary")
VIRTUOS_CALL(435, clone3, LOCAL, NONE, (),
	     "processes of the primary (threads and vfork children share the areas; fork crosses)")
VIRTUOS_CALL(436, close_range, SPECIAL, NONE, (), "remote descriptors closed in their domain")
VIRTUOS_CALL(437, openat2, SPECIAL, STORAGE, (VA_DIRFD, VA_PATH, VA_IN(3), VA_VAL),
	     "a new remote descriptor; resolve flags honoured there")
VIRTUOS_CALL(438, pidfd_getfd, NOFD(0, -1, EBADF), NONE, (), "not a pidfd")
VIRTUOS_CALL(439, faccessat2, AT(1, -1), STORAGE, (VA_DIRFD, VA_PATH, VA_VAL, VA_VAL), "")
VIRTUOS_CALL(440, process_madvise, NOFD(0, -1, EBADF), NONE, (), "not a pidfd")
VIRTUOS_CALL(441, epoll_pwait2, SPECIAL, NONE, (), "wait across domains")
VIRTUOS_CALL(442, mount_setattr, NOAT(1, -1, EOPNOTSUPP), NONE, (), "mounts are per kernel")
VIRTUOS_CALL(443, quotactl_fd, NOFD(0, -1, EOPNOTSUPP), NONE, (),
	     "quotas of the storage domain are its own")
VIRTUOS_CALL(444, landlock_create_ruleset, LOCAL, NONE, (), "the primary's kernel")
VIRTUOS_CALL(445, landlock_add_rule, SPECIAL, NONE, (),
	     "EOPNOTSUPP for a path-beneath rule on a remote directory")
VIRTUOS_CALL(446, landlock_restrict_self, NOFD(0, -1, EBADFD), NONE, (), "not a ruleset")
VIRTUOS_CALL(447, memfd_secret, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")
VIRTUOS_CALL(448, process_mrelease, NOFD(0, -1, EBADF), NONE, (), "not a pidfd")
VIRTUOS_CALL(449, futex_waitv, LOCAL, NONE, (), "state of the calling process or thread")
VIRTUOS_CALL(450, set_mempolicy_home_node, LOCAL, NONE, (),
	     "memory of the primary (a mapped remote file is a private copy)")

/* The protocol's own calls (virtuos_protocol.h), from 1000 on. */
VIRTUOS_OWN_CALL(1000, VIRTUOS_CALL_FORK, BOTH, (VA_VAL, VA_VAL), "the shadow forks")
VIRTUOS_OWN_CALL(1001, VIRTUOS_CALL_IFREQ, NETWORK, (VA_FD, VA_VAL, VA_INOUTSZ(40)),
		 "one interface query")
VIRTUOS_OWN_CALL(1002, VIRTUOS_CALL_IFCONF, NETWORK, (VA_FD, VA_VAL, VA_OUT_OR_NULL(1)),
		 "the interface list")
VIRTUOS_OWN_CALL(1003, VIRTUOS_CALL_SENDMSG, NETWORK,
		 (VA_FD, VA_IN(2), VA_VAL, VA_VAL, VA_INSZ(VIRTUOS_MSG_SIZE)),
		 "sendmsg: data, name, control data")
VIRTUOS_OWN_CALL(1004, VIRTUOS_CALL_RECVMSG, NETWORK,
		 (VA_FD, VA_OUT(2), VA_VAL, VA_VAL, VA_INOUTSZ(VIRTUOS_MSG_SIZE)),
		 "recvmsg: data, name, control data")
VIRTUOS_OWN_CALL(1005, VIRTUOS_CALL_PROBE, BOTH, (VA_VAL, VA_VAL), "what the shadow sees")
VIRTUOS_OWN_CALL(1006, VIRTUOS_CALL_FIEMAP, STORAGE, (VA_FD, VA_INOUTSZ(VIRTUOS_FIEMAP_SIZE)),
		 "FS_IOC_FIEMAP, up to 64 extents at a time")
VIRTUOS_OWN_CALL(1007, VIRTUOS_CALL_EXEC_CLOSE, BOTH, (VA_IN(1), VA_VAL),
		 "the descriptors to close at execve")
VIRTUOS_OWN_CALL(1008, VIRTUOS_CALL_STAGE, STORAGE, (VA_VAL, VA_IN(2), VA_VAL, VA_VAL),
		 "a piece of a large O_APPEND write, staged in the shadow")
VIRTUOS_OWN_CALL(1009, VIRTUOS_CALL_STAGED_WRITE, STORAGE, (VA_FD, VA_VAL, VA_VAL),
		 "the staged pieces, written with one write")
