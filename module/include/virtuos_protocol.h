/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * VirtuOS shared-memory and rendezvous protocol.
 *
 * The one header that the primary-domain module, the service-domain
 * companion module and the user library all include. Everything a peer
 * writes here (xenstore values, shared-page fields) is untrusted input to the
 * side that reads it. Documentation/protocol.rst describes it in prose.
 */
#ifndef VIRTUOS_PROTOCOL_H
#define VIRTUOS_PROTOCOL_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/ioctl.h>
#include <linux/types.h>
#else
/*
 * User space, musl's own build included: no Linux UAPI headers needed.
 * The same types as the kernel's, so both may be included.
 */
#include <assert.h>
#include <sys/ioctl.h>
typedef unsigned char __u8;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
#endif

/* Protocol versions each side of this build speaks. */
#define VIRTUOS_PROTOCOL_MIN	1
#define VIRTUOS_PROTOCOL_MAX	1

/*
 * Rendezvous directory, relative to the service domain's xenstore home
 * (/local/domain/<sd-domid>/). The toolstack makes "data" writable by the
 * guest; dom0 can write anywhere, so both sides meet there.
 */
#define VIRTUOS_XS_DIR			"data/virtuos"

/* Keys the service domain writes (under VIRTUOS_XS_DIR). */
#define VIRTUOS_XS_SD_STATE		"sd-state"
#define VIRTUOS_XS_SD_SESSION		"sd-session"
#define VIRTUOS_XS_SD_PROTOCOL_MIN	"sd-protocol-min"
#define VIRTUOS_XS_SD_PROTOCOL_MAX	"sd-protocol-max"
/*
 * What the service domain's init found of the device it serves, written
 * with the announcement: "ready:<what>" (ready:/dev/vda, ready:eth0) or
 * "missing:<why>". Read only by the toolstack (virtuosctl), as untrusted
 * text; the primary module does not use it.
 */
#define VIRTUOS_XS_SD_DEVICE		"sd-device"

/* Keys the primary writes (under VIRTUOS_XS_DIR). */
#define VIRTUOS_XS_PRIMARY_STATE	"primary-state"
#define VIRTUOS_XS_PRIMARY_SESSION	"primary-session"
#define VIRTUOS_XS_PRIMARY_DOMID	"primary-domid"
#define VIRTUOS_XS_PRIMARY_PROTOCOL	"primary-protocol"
#define VIRTUOS_XS_PRIMARY_RING_REF	"primary-ring-ref"
#define VIRTUOS_XS_PRIMARY_EVTCHN	"primary-event-channel"

/*
 * States are the numbers of enum xenbus_state (xen/interface/io/xenbus.h),
 * written in decimal, so xenstore-ls output reads like any split driver's.
 */
#define VIRTUOS_STATE_INIT_WAIT		2
#define VIRTUOS_STATE_INITIALISED	3
#define VIRTUOS_STATE_CONNECTED		4
#define VIRTUOS_STATE_CLOSING		5
#define VIRTUOS_STATE_CLOSED		6

/* Longest service-domain name shown by the primary (without the NUL). */
#define VIRTUOS_NAME_MAX		31

#define VIRTUOS_CTRL_MAGIC		0x56495254u	/* "VIRT" */

/* Messages on the control page, primary to service domain. */
#define VIRTUOS_MSG_ATTACH	1	/* a process attaches: start a shadow */
#define VIRTUOS_MSG_DETACH	2	/* the process is gone: end its shadow */
/* Companion to executor only: the primary went away, end all shadows. */
#define VIRTUOS_MSG_RESET	3

#define VIRTUOS_CTRL_RING	16	/* entries in each control-page ring */
#define VIRTUOS_MAX_GROUPS	32	/* supplementary groups sent */

/**
 * struct virtuos_creds - a process's credentials, as its kernel has them
 * @seq:	even when the rest is stable; the primary makes it odd while
 *		it writes, then even again, one more each time.
 * @uid:	real, effective, saved and file-system uids.
 * @gid:	the same for gids.
 * @ngroups:	entries of @groups used.
 * @groups:	supplementary groups.
 * @cap_effective: capability sets (low and high words merged).
 * @cap_permitted: see @cap_effective.
 */
struct virtuos_creds {
	__u32 seq;
	__u32 uid[4];
	__u32 gid[4];
	__u32 ngroups;
	__u32 groups[VIRTUOS_MAX_GROUPS];
	__u64 cap_effective;
	__u64 cap_permitted;
};

/**
 * struct virtuos_ctrl_msg - one message from the primary to a companion
 * @type:	VIRTUOS_MSG_*.
 * @area_id:	the shared area (one per process and service domain).
 * @dir_ref:	grant reference of the area's grant directory (page 0).
 * @port:	the primary's event channel port of the area.
 * @tgid:	the process, as the primary's kernel knows it.
 * @reserved:	zero.
 * @creds:	the process's credentials, from the primary kernel, never
 *		from the process (@creds.seq as in page 0).
 * @umask:	the process's file mode creation mask at attach; later
 *		umask() calls are forwarded like any call.
 * @fork_of:	0; or, for the child of a fork, the parent's area: its
 *		shadow forked a child shadow that waits for this message.
 * @fork_token:	with @fork_of, the token the parent's shadow was given at
 *		VIRTUOS_IOC_FORK (the primary checked it).
 */
struct virtuos_ctrl_msg {
	__u32 type;
	__u32 area_id;
	__u32 dir_ref;
	__u32 port;
	__u32 tgid;
	__u32 reserved;
	struct virtuos_creds creds;
	__u32 umask;
	__u32 fork_of;
	__u64 fork_token;
};

/**
 * struct virtuos_ctrl_reply - a companion's answer to an ATTACH
 * @area_id:	the area attached, or VIRTUOS_AREA_ALL.
 * @status:	0 when its shadow runs, or a negative errno. Later, a negative
 *		status for an attached area says its shadow ended; for
 *		VIRTUOS_AREA_ALL, that the executor and every shadow ended.
 */
struct virtuos_ctrl_reply {
	__u32 area_id;
	__s32 status;
};

#define VIRTUOS_AREA_ALL	0xffffffffu	/* every area of the session */

/**
 * struct virtuos_ctrl_page - the control page of one connection
 * @magic:	VIRTUOS_CTRL_MAGIC, written by the primary before it offers
 *		the page.
 * @protocol:	the negotiated protocol version, written by the primary.
 * @session:	the service domain's session number this page was offered
 *		for, written by the primary.
 * @reserved:	zero.
 * @ping:	incremented by the primary before it notifies the event
 *		channel to check the connection.
 * @pong:	the service domain copies the last @ping it saw here, then
 *		notifies back.
 * @msg_prod:	messages the primary has written to @msgs (free-running).
 * @msg_cons:	messages the companion has taken (free-running).
 * @reply_prod:	replies the companion has written to @replies.
 * @reply_cons:	replies the primary has taken.
 * @msgs:	ring of messages, index = counter % VIRTUOS_CTRL_RING.
 * @replies:	ring of replies, same indexing.
 *
 * The primary allocates and grants this page to the service domain, which
 * maps it. Either side checks that prod - cons never exceeds the ring.
 */
struct virtuos_ctrl_page {
	__u32 magic;
	__u32 protocol;
	__u32 session;
	__u32 heartbeat;	/* the companion adds 1 each second */
	__u64 ping;
	__u64 pong;
	__u32 msg_prod;
	__u32 msg_cons;
	__u32 reply_prod;
	__u32 reply_cons;
	struct virtuos_ctrl_msg msgs[VIRTUOS_CTRL_RING];
	struct virtuos_ctrl_reply replies[VIRTUOS_CTRL_RING];
};

/*
 * Per-process shared area: granted by the primary to one service domain,
 * mapped by the process (pages 1 onwards) and by its shadow (all pages).
 *
 *   page 0		grant directory (struct virtuos_area_dir): the
 *			references of every page. Never mapped by the
 *			process, so a process cannot point its shadow at
 *			another process's pages.
 *   page 1		struct virtuos_area_ctl: worker counters and the
 *			request slots.
 *   pages 2..		data: one window of VIRTUOS_SLOT_DATA bytes per slot
 *			for copied buffers and path strings.
 *
 * Pointers in requests are byte offsets from the start of page 1 (the
 * process's mapping); the shadow bounds-checks every one.
 */
#define VIRTUOS_PAGE_SIZE	4096
#define VIRTUOS_AREA_SLOTS	16
#define VIRTUOS_SLOT_DATA	(8 * VIRTUOS_PAGE_SIZE)
#define VIRTUOS_AREA_PAGES	(2 + VIRTUOS_AREA_SLOTS * VIRTUOS_SLOT_DATA / \
				 VIRTUOS_PAGE_SIZE)
/* The process maps pages 1.. of the area: this many bytes. */
#define VIRTUOS_MAP_SIZE	((VIRTUOS_AREA_PAGES - 1) * VIRTUOS_PAGE_SIZE)
/* Offset of slot N's data window in the process's mapping. */
#define VIRTUOS_SLOT_DATA_OFFSET(n) \
	(VIRTUOS_PAGE_SIZE + (n) * VIRTUOS_SLOT_DATA)

#define VIRTUOS_AREA_MAGIC	0x56415245u	/* "VARE" */

/* How long a fork token stays valid, and how many may be pending. */
#define VIRTUOS_FORK_TIMEOUT_S	30
#define VIRTUOS_FORK_PENDING	8

/**
 * struct virtuos_area_dir - page 0 of an area, written by the primary only
 * @magic:	VIRTUOS_AREA_MAGIC.
 * @area_id:	as in the ATTACH message.
 * @nr_pages:	VIRTUOS_AREA_PAGES.
 * @exec_seq:	one more each time the process execs a new image (past
 *		execve's point of no return): the shadow then closes the
 *		descriptors named by its last VIRTUOS_CALL_EXEC_CLOSE, before
 *		it serves another call.
 * @refs:	grant reference of each page of the area, page 0 included.
 * @creds:	the process's credentials now: set at attach, rewritten by
 *		VIRTUOS_IOC_CREDS. The shadow runs each call with them. The
 *		process never maps this page, so it cannot write them.
 * @fork_tokens: the fork tokens VIRTUOS_IOC_FORK gave out and not yet
 *		used or expired (0: none). The shadow forks (VIRTUOS_CALL_FORK)
 *		only for one of them.
 */
struct virtuos_area_dir {
	__u32 magic;
	__u32 area_id;
	__u32 nr_pages;
	__u32 exec_seq;
	__u32 refs[VIRTUOS_AREA_PAGES];
	struct virtuos_creds creds;
	__u64 fork_tokens[VIRTUOS_FORK_PENDING];
};

/* Slot states. The process owns FREE and DONE slots, the shadow the rest. */
#define VIRTUOS_SLOT_FREE	0
#define VIRTUOS_SLOT_CLAIMED	1	/* being filled by the process */
#define VIRTUOS_SLOT_SUBMITTED	2	/* ready for a worker */
#define VIRTUOS_SLOT_RUNNING	3	/* a worker runs it */
#define VIRTUOS_SLOT_DONE	4	/* @ret is valid */

/**
 * struct virtuos_slot - one system call in flight
 * @state:	VIRTUOS_SLOT_*.
 * @nr:		x86_64 system call number.
 * @waiting:	non-zero while the caller sleeps in the primary: the worker
 *		then notifies the area's event channel on completion.
 * @cancel:	set by the caller when a signal handler without SA_RESTART
 *		interrupted its wait; the caller then notifies the event
 *		channel, and the shadow interrupts the call, which ends with
 *		-EINTR unless it completed first.
 * @seq:	the caller's sequence number.
 * @args:	arguments; pointers are offsets into the process's mapping.
 * @ret:	result: a value or a negative errno, like the raw system call.
 * @pad:	to 128 bytes, so slots do not share cache lines.
 */
struct virtuos_slot {
	__u32 state;
	__u32 nr;
	__u32 waiting;
	__u32 cancel;
	__u64 seq;
	__s64 args[6];
	__s64 ret;
	__u8 pad[48];
};

/**
 * struct virtuos_area_ctl - page 1 of an area
 * @magic:	VIRTUOS_AREA_MAGIC, set by the primary.
 * @dead:	set by the primary when the service domain is gone: every
 *		call on the area fails with EIO from then on.
 * @workers:	worker threads of the shadow (written by the shadow).
 * @workers_awake: workers neither asleep nor running a call; when 0 the
 *		caller asks the primary to notify the area's event channel.
 * @reserved:	zero.
 * @doorbell:	incremented by the caller after each slot it submits; the
 *		shadow's idle worker watches this one line instead of every
 *		slot. A hint only: the shadow still reads the slots' states.
 * @reserved2:	zero.
 * @slots:	the request slots.
 */
struct virtuos_area_ctl {
	__u32 magic;
	__u32 dead;
	__u32 workers;
	__u32 workers_awake;
	__u32 calls_hash;	/* the shadow's call table (virtuos_calls_hash) */
	__u8 reserved[44];
	__u32 doorbell;
	__u8 reserved2[60];
	struct virtuos_slot slots[VIRTUOS_AREA_SLOTS];
};

/* The companion's device, read and written by the shadow executor. */
#define VIRTUOS_SD_DEVICE	"/dev/virtuos_sd"

/**
 * struct virtuos_executor_msg - what read() on VIRTUOS_SD_DEVICE returns
 * @primary:	domid of the primary the message came from.
 * @reserved:	zero.
 * @msg:	the message, copied out of the control page; the companion
 *		checked @msg.type and @msg.ngroups, nothing else.
 *
 * The executor answers an ATTACH by writing a struct virtuos_ctrl_reply.
 */
struct virtuos_executor_msg {
	__u32 primary;
	__u32 reserved;
	struct virtuos_ctrl_msg msg;
};

/* The primary module's device, /dev/virtuos, used by the library. */
#define VIRTUOS_DEVICE		"/dev/virtuos"

/**
 * struct virtuos_attach - argument of VIRTUOS_IOC_ATTACH
 * @name:	service domain name, NUL-terminated.
 * @area_id:	returned: the area's id.
 * @map_size:	returned: bytes to mmap at offset 0 (VIRTUOS_MAP_SIZE).
 * @fork_area:	0; or, in the child of a fork, the parent's area id: the
 *		new area's shadow is then the fork of the parent's shadow.
 * @reserved:	zero.
 * @fork_token:	with @fork_area, the token VIRTUOS_IOC_FORK gave the
 *		parent. Only a child of the process that asked for it may use
 *		it, once, within VIRTUOS_FORK_TIMEOUT_S seconds.
 */
struct virtuos_attach {
	char name[VIRTUOS_NAME_MAX + 1];
	__u32 area_id;
	__u32 map_size;
	__u32 fork_area;
	__u32 reserved;
	__u64 fork_token;
};

/**
 * struct virtuos_fork - argument of VIRTUOS_IOC_FORK
 * @token:	returned: the token of one fork of this process.
 */
struct virtuos_fork {
	__u64 token;
};

/**
 * struct virtuos_fork_child - argument of VIRTUOS_IOC_FORK_CHILD
 * @token:	a token VIRTUOS_IOC_FORK gave the caller.
 * @pid:	the child the fork made, or 0 when the fork failed.
 * @reserved:	0.
 *
 * Tells the module which child will attach with @token, so that the token
 * is free again as soon as that child dies without attaching (killed
 * right after the fork), rather than when it expires.
 */
struct virtuos_fork_child {
	__u64 token;
	__s32 pid;
	__u32 reserved;
};

/**
 * struct virtuos_notify - argument of VIRTUOS_IOC_NOTIFY
 * @slot:	the slot to watch.
 * @eventfd:	an eventfd of the caller, signalled when @slot is DONE or the
 *		area dies; -1 to stop watching @slot.
 *
 * The caller sets the slot's @waiting first, so that the shadow notifies
 * the event channel when the call completes. The eventfd may be signalled
 * more than once: the caller reads the slot's state, not the count.
 */
struct virtuos_notify {
	__u32 slot;
	__s32 eventfd;
};

/*
 * Slot call number (not a Linux system call) that asks the shadow to fork
 * a child shadow for a fork of its process. Arguments: the token's low
 * and high 32 bits. The child shadow waits for the ATTACH with that token.
 */
#define VIRTUOS_CALL_FORK	1000
/*
 * Interface queries on a socket, which the table's ioctl (one int) cannot
 * carry. IFREQ: (descriptor, request, struct ifreq of 40 bytes in and out)
 * for the SIOCGIF* requests that read one interface. IFCONF: (descriptor,
 * length, buffer or 0): SIOCGIFCONF, returning the length used (or needed,
 * without a buffer).
 */
#define VIRTUOS_CALL_IFREQ	1001
#define VIRTUOS_CALL_IFCONF	1002
#define VIRTUOS_IFREQ_SIZE	40
/*
 * sendmsg and recvmsg with a name and ancillary data, for one buffer of
 * data: (descriptor, data, length, flags, struct virtuos_msg). SENDMSG
 * reads the block; RECVMSG reads the room for the name and the control
 * data from it and writes back what the kernel gave (lengths and
 * msg_flags). Control data carries no descriptor across: SCM_RIGHTS never
 * reaches a service domain.
 */
#define VIRTUOS_CALL_SENDMSG	1003
#define VIRTUOS_CALL_RECVMSG	1004
/*
 * What the path to a service domain costs with no work on it, for
 * benchmarks: (kind, argument). NOP answers at once (0). NULL_SYSCALL runs
 * getppid argument times in the shadow and returns the nanoseconds they
 * took; FSTAT, the same with fstat of the shadow's root directory.
 * PINGPONG bounces the slot's args[5] argument times: the caller writes
 * 2k - 1, the shadow answers 2k (0, or -ETIMEDOUT when the caller stops
 * for a second). SHADOW_SYSCALLS returns the system calls the
 * shadow's workers made so far; SHADOW_CPU_NS its CPU time. Arguments
 * outside 1..VIRTUOS_PROBE_MAX_ROUNDS give -EINVAL, unknown kinds too.
 */
#define VIRTUOS_CALL_PROBE	1005
#define VIRTUOS_PROBE_NOP		0
#define VIRTUOS_PROBE_NULL_SYSCALL	1
#define VIRTUOS_PROBE_PINGPONG		2
#define VIRTUOS_PROBE_SHADOW_SYSCALLS	3
#define VIRTUOS_PROBE_SHADOW_CPU_NS	4
#define VIRTUOS_PROBE_FSTAT		5
#define VIRTUOS_PROBE_MAX_ROUNDS	1000000
/*
 * FS_IOC_FIEMAP on a storage file (descriptor, a struct fiemap of
 * VIRTUOS_FIEMAP_SIZE bytes in and out, virtuos_calls.h).
 * fm_extent_count must be at most VIRTUOS_FIEMAP_EXTENTS (else -EINVAL);
 * the shadow runs the request on its own copy, so the kernel writes no
 * more than that many extents.
 */
#define VIRTUOS_CALL_FIEMAP	1006
/*
 * The descriptors to close at the process's next execve: an array of ints
 * (descriptors in the shadow) and its length in bytes, at most
 * VIRTUOS_EXEC_CLOSE_MAX of them. Each call replaces the last list; an
 * empty one clears it. The shadow closes them when page 0's exec_seq
 * moves, whatever image the process runs next; it never closes its own
 * descriptors.
 */
#define VIRTUOS_CALL_EXEC_CLOSE	1007
#define VIRTUOS_EXEC_CLOSE_MAX	4096
/*
 * An O_APPEND write (or writev) too large for the windows of the slots,
 * made one write in the service domain. STAGE (key, data, length,
 * position) copies a piece into a buffer of the shadow kept under the
 * key (the caller's thread id): position is what is staged so far under
 * it (0 starts again; any other value drops the staging, EINVAL), and a
 * piece of length 0 at 0 just drops it. STAGED_WRITE (descriptor, key,
 * length) writes what is staged, which must be length bytes (EINVAL
 * otherwise), with one write, drops it and returns the write's result.
 * At most VIRTUOS_STAGE_KEYS keys per shadow at once (EBUSY), at most
 * VIRTUOS_STAGE_MAX bytes under a key (EFBIG), and what all the shadows
 * of a domain stage together is bounded (EAGAIN). A failed STAGE drops
 * the staging.
 */
#define VIRTUOS_CALL_STAGE		1008
#define VIRTUOS_CALL_STAGED_WRITE	1009
#define VIRTUOS_STAGE_KEYS		4
#define VIRTUOS_STAGE_MAX		(16 << 20)
#define VIRTUOS_MSG_NAME_MAX	128	/* struct sockaddr_storage */
#define VIRTUOS_MSG_CONTROL_MAX	1024

struct virtuos_msg {
	__u32 namelen;		/* room, then length (0: no name) */
	__u32 controllen;	/* room, then length */
	__s32 flags;		/* recvmsg: msg_flags */
	__u32 reserved;
	__u8 name[VIRTUOS_MSG_NAME_MAX];
	__u8 control[VIRTUOS_MSG_CONTROL_MAX];
};

/* Attach this open file to a service domain: a shadow starts there. */
#define VIRTUOS_IOC_ATTACH	_IOWR('V', 1, struct virtuos_attach)
/* Notify the shadow's sleeping workers. */
#define VIRTUOS_IOC_WAKE	_IO('V', 2)
/* Sleep until slot (the argument) is DONE; EIO if the domain died. */
#define VIRTUOS_IOC_WAIT	_IO('V', 3)
/* Before a fork: a token for the child's attach (struct virtuos_fork). */
#define VIRTUOS_IOC_FORK	_IOR('V', 4, struct virtuos_fork)
/* After a fork: the child that holds a token (struct virtuos_fork_child). */
#define VIRTUOS_IOC_FORK_CHILD	_IOW('V', 7, struct virtuos_fork_child)
/*
 * The caller's credentials changed (setuid, setgroups, capset, ...): the
 * module copies them from its kernel into the area's page 0, which the
 * shadow reads before each call.
 */
#define VIRTUOS_IOC_CREDS	_IO('V', 6)
/*
 * Signal an eventfd when a slot is done (struct virtuos_notify), so that a
 * process can wait for remote calls and local descriptors in one poll.
 */
#define VIRTUOS_IOC_NOTIFY	_IOW('V', 5, struct virtuos_notify)

/**
 * virtuos_protocol_choose() - pick the version both sides speak
 * @peer_min: lowest version the peer says it speaks (untrusted).
 * @peer_max: highest version the peer says it speaks (untrusted).
 *
 * Return: the highest common version, or 0 if there is none.
 */
static inline unsigned int virtuos_protocol_choose(unsigned int peer_min,
						   unsigned int peer_max)
{
	unsigned int hi = peer_max < VIRTUOS_PROTOCOL_MAX ?
			  peer_max : VIRTUOS_PROTOCOL_MAX;
	unsigned int lo = peer_min > VIRTUOS_PROTOCOL_MIN ?
			  peer_min : VIRTUOS_PROTOCOL_MIN;

	return (peer_min <= peer_max && lo <= hi) ? hi : 0;
}

/**
 * virtuos_name_valid() - whether a service-domain name may be shown
 * @name: NUL-terminated name, from xenstore.
 *
 * Names become sysfs directory names: only [A-Za-z0-9_.-], 1 to
 * VIRTUOS_NAME_MAX characters, not "." or "..".
 *
 * Return: 1 if valid, 0 otherwise.
 */
static inline int virtuos_name_valid(const char *name)
{
	unsigned int i;

	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= VIRTUOS_NAME_MAX)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return 0;
	}
	if (i == 0 || (name[0] == '.' && (i == 1 || (i == 2 && name[1] == '.'))))
		return 0;
	return 1;
}

/*
 * The layout both sides rely on, checked by every compiler that builds them
 * in C11 (the kernels, the executor, the tests), as
 * Documentation/protocol.rst states it (tools/tests/protocol-doc.sh).
 */
#if defined(__KERNEL__) || defined(static_assert)
#define VIRTUOS_LAYOUT(cond) static_assert(cond, #cond)
#else
#define VIRTUOS_LAYOUT(cond)	/* C99 (musl's own build): checked elsewhere */
#endif
VIRTUOS_LAYOUT(sizeof(struct virtuos_ctrl_msg) == 224);
VIRTUOS_LAYOUT(sizeof(struct virtuos_ctrl_reply) == 8);
VIRTUOS_LAYOUT(sizeof(struct virtuos_ctrl_page) == 3760);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_ctrl_page, msgs) == 48);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_ctrl_page, replies) == 3632);
VIRTUOS_LAYOUT(sizeof(struct virtuos_creds) == 184);
VIRTUOS_LAYOUT(sizeof(struct virtuos_area_dir) == 784);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_area_dir, creds) == 536);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_area_dir, fork_tokens) == 720);
VIRTUOS_LAYOUT(sizeof(struct virtuos_slot) == 128);
VIRTUOS_LAYOUT(sizeof(struct virtuos_area_ctl) == 2176);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_area_ctl, calls_hash) == 16);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_area_ctl, doorbell) == 64);
VIRTUOS_LAYOUT(__builtin_offsetof(struct virtuos_area_ctl, slots) == 128);
VIRTUOS_LAYOUT(sizeof(struct virtuos_executor_msg) == 232);
VIRTUOS_LAYOUT(sizeof(struct virtuos_msg) == 1168);

#endif /* VIRTUOS_PROTOCOL_H */
