/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VirtuOS primary-domain module: internal interfaces.
 */
#ifndef VIRTUOS_PRIMARY_H
#define VIRTUOS_PRIMARY_H

#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>
#include <xen/interface/event_channel.h>

#include "virtuos_protocol.h"

/**
 * enum sd_link_state - where the primary is with one service domain
 * @SD_LINK_DISCONNECTED: no domain of this name runs, nothing is allocated.
 * @SD_LINK_WAITING: the domain runs; waiting for its companion to announce
 *	itself (sd-state InitWait with a fresh session).
 * @SD_LINK_OFFERED: control page granted and event channel allocated;
 *	waiting for the companion to map them and say Connected.
 * @SD_LINK_CONNECTED: the companion said Connected; the connection is
 *	shown as connected once a ping came back over the event channel.
 */
enum sd_link_state {
	SD_LINK_DISCONNECTED,
	SD_LINK_WAITING,
	SD_LINK_OFFERED,
	SD_LINK_CONNECTED,
};

/**
 * struct evtchn_throttle - delayed EOIs of a flooded event channel
 *	(throttle.c)
 * @irq:	the interrupt whose EOI @eoi ends.
 * @spurious:	spurious interrupts in a row.
 * @stopping:	the channel is being unbound: end interrupts at once.
 * @eoi:	ends the interrupt after the delay.
 */
struct evtchn_throttle {
	int irq;
	unsigned int spurious;
	bool stopping;
	struct delayed_work eoi;
};

void evtchn_throttle_init(struct evtchn_throttle *t);
void evtchn_throttle_eoi(struct evtchn_throttle *t, int irq, bool useful);
void evtchn_throttle_stop(struct evtchn_throttle *t, int irq);

/**
 * struct sd_link - the primary's view of one service domain
 * @list:	entry in the module's list, under virtuos_links_lock.
 * @name:	the domain's name from the toolstack; keys the entry across
 *		restarts of the domain (a restarted domain has a new domid).
 * @kobj:	/sys/kernel/virtuos/domains/<name>.
 * @domid:	domain id while the domain runs, DOMID_INVALID otherwise.
 * @state:	see enum sd_link_state.
 * @session:	the companion's session number the current offer answers.
 * @protocol:	negotiated protocol version, 0 when none.
 * @ctrl_page:	control page granted to the domain, or NULL.
 * @ctrl:	its kernel address.
 * @ring_ref:	grant reference of @ctrl_page.
 * @port:	local event-channel port, 0 when none.
 * @irq:	irq bound to @port, or -1.
 * @throttle:	delays the EOI of its interrupts that bring nothing.
 * @seen:	set during a scan when the domain was found.
 * @pongs:	pings answered by the companion (irq context).
 * @ping:	value of the last ping sent.
 * @connects:	how many times this domain reached Connected: numbers the
 *		connection that areas attached on (&virtuos_area.connection).
 * @msg_prod:	messages sent on the current control page (our own copy:
 *		the shared one can be overwritten by the other side).
 * @reply_cons:	replies taken from the current control page (our own copy,
 *		for the same reason; irq context).
 * @sendable:	the control ring takes messages (connected, not torn down).
 * @send_lock:	serializes senders and guards what they use (@sendable,
 *		@connects, @ctrl, @irq, @msg_prod) against teardown. Never
 *		held while waiting for the domain, so one stuck domain stalls
 *		no other; taken after virtuos_links_lock.
 * @error:	last rendezvous error, for the status file.
 * @areas:	shared areas of processes attached to this domain.
 * @areas_lock:	protects @areas and their status (taken in irq context).
 */
struct sd_link {
	struct list_head list;
	char name[VIRTUOS_NAME_MAX + 1];
	struct kobject *kobj;
	domid_t domid;
	enum sd_link_state state;
	u32 session;
	unsigned int protocol;
	struct page *ctrl_page;
	struct virtuos_ctrl_page *ctrl;
	grant_ref_t ring_ref;
	evtchn_port_t port;
	int irq;
	struct evtchn_throttle throttle;
	bool seen;
	atomic64_t pongs;
	u64 ping;
	unsigned int connects;
	u32 heartbeat;
	unsigned long heartbeat_moved;
	unsigned int heartbeat_connects;
	u32 msg_prod;
	u32 reply_cons;
	bool sendable;
	struct mutex send_lock; /* senders against teardown */
	const char *error;
	struct list_head areas;
	spinlock_t areas_lock; /* protects areas, taken in irq context */
};

/**
 * struct virtuos_area - one process's shared area with one service domain
 * @list:	entry in @link->areas while the domain lives.
 * @link:	the service domain.
 * @id:		area id, unique in this module.
 * @pages:	the pages; page 0 is the grant directory.
 * @refs:	their grant references.
 * @granted:	which pages are granted.
 * @port:	event channel port, notified both ways.
 * @irq:	irq bound to @port, or -1.
 * @wq:		callers waiting for a slot or for the ATTACH reply.
 * @status:	1 while the ATTACH reply is pending, then 0 or -errno.
 * @dead:	the domain died or closed: every call fails with EIO.
 * @tgid:	the process that attached.
 * @fork_lock:	protects @fork_tokens and @fork_deadlines.
 * @fork_tokens: tokens of pending forks (VIRTUOS_IOC_FORK), 0 when free.
 * @fork_deadlines: jiffies after which each token is no longer valid.
 * @fork_children: for each token, the global pid of the child that will
 *		use it (VIRTUOS_IOC_FORK_CHILD), 0 when not known.
 * @connection: the link's connection it was attached on (@link->connects
 *		then): messages for it go to that connection only.
 * @uid:	the user it is counted against, when @charged.
 * @charged:	counted in the user's areas (user_limit.c).
 * @notify_lock: protects @notify and page 0's credentials.
 * @notify:	per slot, the eventfd signalled when it is done, or NULL.
 * @sleeping:	per slot (a bit each), a caller asleep in VIRTUOS_IOC_WAIT
 *		on it: with @notify, what makes an interrupt worth taking.
 * @throttle:	delays the EOI of interrupts that are not.
 */
struct area_notify;

struct virtuos_area {
	struct list_head list;
	struct sd_link *link;
	int id;
	struct page *pages[VIRTUOS_AREA_PAGES];
	grant_ref_t refs[VIRTUOS_AREA_PAGES];
	bool granted[VIRTUOS_AREA_PAGES];
	evtchn_port_t port;
	int irq;
	wait_queue_head_t wq;
	int status;
	bool dead;
	pid_t tgid;
	spinlock_t fork_lock; /* protects fork_tokens, _deadlines, _children */
	u64 fork_tokens[VIRTUOS_FORK_PENDING];
	unsigned long fork_deadlines[VIRTUOS_FORK_PENDING];
	pid_t fork_children[VIRTUOS_FORK_PENDING];
	unsigned int connection;
	u32 uid;
	bool charged;
	struct mutex notify_lock; /* protects notify, page 0's creds */
	struct area_notify *notify[VIRTUOS_AREA_SLOTS];
	unsigned long sleeping;
	struct evtchn_throttle throttle;
};

extern struct mutex virtuos_links_lock;
extern atomic_t virtuos_granted_pages;
extern atomic_t virtuos_held_pages;
extern atomic64_t virtuos_wakes;
extern atomic64_t virtuos_waits;
extern struct list_head virtuos_links;

int sd_link_offer(struct sd_link *link, unsigned int protocol);
void sd_link_connected(struct sd_link *link);
void sd_link_release(struct sd_link *link);
const char *sd_link_state_name(const struct sd_link *link);
int sd_link_send(struct sd_link *link, unsigned int connection,
		 const struct virtuos_ctrl_msg *msg);
struct sd_link *sd_link_by_name(const char *name);

int virtuos_client_init(void);
void virtuos_client_exit(void);
void virtuos_areas_kill(struct sd_link *link);
bool virtuos_area_replied(struct sd_link *link,
			  const struct virtuos_ctrl_reply *reply);

void virtuos_ungrant_page(grant_ref_t ref, struct page *page);
void virtuos_reclaim_exit(void);

int virtuos_user_charge(struct virtuos_area *area);
void virtuos_user_uncharge(struct virtuos_area *area);

int virtuos_sysfs_init(void);
void virtuos_sysfs_exit(void);
int virtuos_sysfs_add(struct sd_link *link);
void virtuos_sysfs_remove(struct sd_link *link);

#endif /* VIRTUOS_PRIMARY_H */
