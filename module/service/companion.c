// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS service-domain companion module.
 *
 * Announces the service domain to the primary under its own xenstore home
 * (data/virtuos), maps the control page the primary grants, binds the
 * primary's event channel and answers pings. Every value the primary
 * publishes is checked before use; an offer for an old session is ignored.
 * When the primary closes, goes away or offers a new session, the mapping
 * and the event channel are released and a new session is announced.
 *
 * The shadow executor (user space) opens /dev/virtuos_sd; its presence is
 * shown in /sys/kernel/virtuos_sd/executor.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <xen/events.h>
#include <xen/grant_table.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/interface/event_channel.h>
#include <asm/xen/hypercall.h>

#include "virtuos_protocol.h"

/**
 * struct sd_connection - the companion's one connection to the primary
 * @lock:	serialises watch callbacks, unload and sysfs readers.
 * @session:	the session number announced last (never 0).
 * @connected:	whether @page is mapped and @irq bound.
 * @primary:	the primary's domid while connected.
 * @protocol:	negotiated version while connected.
 * @page:	the mapped control page.
 * @ctrl:	its kernel address.
 * @handle:	grant-map handle of @page.
 * @irq:	irq bound to the interdomain channel, or -1.
 * @pings:	pings answered (irq context).
 * @connects:	how many times a connection was made.
 * @executors:	open file descriptors of /dev/virtuos_sd.
 * @error:	last rejected offer, for sysfs.
 * @msg_cons:	messages taken from the control page (own copy).
 * @reply_prod:	replies written to the control page (own copy).
 * @msg_work:	takes messages off the control page.
 * @queue:	messages for the executor, under @queue_lock.
 * @queued:	length of @queue.
 * @queue_lock:	protects @queue and @queued.
 * @queue_wq:	the executor waits here for messages.
 * @executor_open: whether the executor holds the device.
 */
struct sd_connection {
	struct mutex lock; /* serialises watch callbacks, unload, sysfs */
	u32 session;
	bool connected;
	domid_t primary;
	unsigned int protocol;
	struct page *page;
	struct virtuos_ctrl_page *ctrl;
	grant_handle_t handle;
	int irq;
	atomic64_t pings;
	unsigned int connects;
	atomic_t executors;
	const char *error;
	u32 msg_cons;
	u32 reply_prod;
	struct work_struct msg_work;
	struct list_head queue;
	unsigned int queued;
	spinlock_t queue_lock; /* protects queue, queued */
	wait_queue_head_t queue_wq;
	atomic_t executor_open;
};

/* A message waiting for the executor. */
struct sd_queued_msg {
	struct list_head list;
	struct virtuos_executor_msg m;
};

/* More pending messages than this means a stuck executor: refuse more. */
#define SD_QUEUE_MAX	256

static struct sd_connection conn = {
	.lock = __MUTEX_INITIALIZER(conn.lock),
	.irq = -1,
	.queue = LIST_HEAD_INIT(conn.queue),
	.queue_lock = __SPIN_LOCK_UNLOCKED(conn.queue_lock),
	.queue_wq = __WAIT_QUEUE_HEAD_INITIALIZER(conn.queue_wq),
};

static struct kobject *sd_kobj;

#ifdef VIRTUOS_HOSTILE
/* The test build that lies to the primary: companion_hostile.c. */
static bool sd_hostile_holds_mappings(void);
static void sd_hostile_attach(const struct virtuos_ctrl_msg *msg);
static void sd_hostile_start(void);
static void sd_hostile_stop(void);
#else
static inline bool sd_hostile_holds_mappings(void) { return false; }
static inline void sd_hostile_attach(const struct virtuos_ctrl_msg *msg) {}
static inline void sd_hostile_start(void) {}
static inline void sd_hostile_stop(void) {}
#endif

static bool heartbeat = true;
module_param(heartbeat, bool, 0644);
MODULE_PARM_DESC(heartbeat,
		 "beat on the control page each second (0 stops it, as a hung domain would)");

static void sd_heartbeat(struct work_struct *work);
static DECLARE_DELAYED_WORK(sd_heartbeat_work, sd_heartbeat);
static u32 sd_beats;

/*
 * Each second, while connected, the companion adds 1 to the control page's
 * heartbeat: a domain whose kernel hangs stops, and the primary shows how
 * long it has not moved (heartbeat_age), which a supervisor watches.
 */
static void sd_heartbeat(struct work_struct *work)
{
	mutex_lock(&conn.lock);
	if (conn.connected && READ_ONCE(heartbeat))
		WRITE_ONCE(conn.ctrl->heartbeat, ++sd_beats);
	mutex_unlock(&conn.lock);
	schedule_delayed_work(&sd_heartbeat_work, HZ);
}

static irqreturn_t sd_interrupt(int irq, void *dev_id)
{
	u64 ping = READ_ONCE(conn.ctrl->ping);
	unsigned int eoi_flags = XEN_EOI_FLAG_SPURIOUS;

	if (READ_ONCE(conn.ctrl->msg_prod) != conn.msg_cons) {
		schedule_work(&conn.msg_work);
		eoi_flags = 0;
	}
	if (READ_ONCE(conn.ctrl->pong) != ping) {
		WRITE_ONCE(conn.ctrl->pong, ping);
		atomic64_inc(&conn.pings);
		notify_remote_via_irq(irq);
		eoi_flags = 0;
	}
	xen_irq_lateeoi(irq, eoi_flags);
	return IRQ_HANDLED;
}

/* Writes a reply to the primary; under conn.lock, connected. */
/* Whether the reply ring has room; under conn.lock. */
static bool sd_reply_room(void)
{
	return conn.reply_prod - READ_ONCE(conn.ctrl->reply_cons) <
	       VIRTUOS_CTRL_RING;
}

static void sd_reply(u32 area_id, s32 status)
{
	struct virtuos_ctrl_page *ctrl = conn.ctrl;
	u32 prod = conn.reply_prod;

	if (!sd_reply_room()) {
		pr_warn_ratelimited("reply ring full: primary not answering\n");
		return;
	}
	ctrl->replies[prod % VIRTUOS_CTRL_RING].area_id = area_id;
	ctrl->replies[prod % VIRTUOS_CTRL_RING].status = status;
	virt_wmb(); /* the reply is visible before its producer index */
	conn.reply_prod = prod + 1;
	WRITE_ONCE(ctrl->reply_prod, conn.reply_prod);
	notify_remote_via_irq(conn.irq);
}

/* Queues a message for the executor; false if it cannot take it. */
static bool sd_queue(const struct virtuos_ctrl_msg *msg)
{
	struct sd_queued_msg *q;
	bool ok = false;

	if (!atomic_read(&conn.executor_open))
		return false;
	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return false;
	q->m.primary = conn.primary;
	q->m.msg = *msg;
	spin_lock(&conn.queue_lock);
	if (conn.queued < SD_QUEUE_MAX) {
		list_add_tail(&q->list, &conn.queue);
		conn.queued++;
		ok = true;
	}
	spin_unlock(&conn.queue_lock);
	if (ok)
		wake_up_interruptible(&conn.queue_wq);
	else
		kfree(q);
	return ok;
}

/* Takes messages off the control page; the primary's indexes are checked. */
static void sd_take_messages(struct work_struct *work)
{
	struct virtuos_ctrl_msg msg;
	unsigned int n;
	u32 prod;

	mutex_lock(&conn.lock);
	if (!conn.connected)
		goto out;
	prod = READ_ONCE(conn.ctrl->msg_prod);
	if (prod - conn.msg_cons > VIRTUOS_CTRL_RING) {
		pr_warn_ratelimited("control ring index out of range: ignored\n");
		goto out;
	}
	virt_rmb(); /* read the messages after their producer index */
	for (n = 0; n < VIRTUOS_CTRL_RING && conn.msg_cons != prod; n++) {
		memcpy(&msg, &conn.ctrl->msgs[conn.msg_cons % VIRTUOS_CTRL_RING],
		       sizeof(msg));
		conn.msg_cons++;
		if (msg.creds.ngroups > VIRTUOS_MAX_GROUPS ||
		    (msg.type != VIRTUOS_MSG_ATTACH &&
		     msg.type != VIRTUOS_MSG_DETACH))
			continue;
		if (msg.type == VIRTUOS_MSG_ATTACH)
			sd_hostile_attach(&msg);
		if (!sd_queue(&msg) && msg.type == VIRTUOS_MSG_ATTACH)
			sd_reply(msg.area_id, -EHOSTDOWN);
	}
	WRITE_ONCE(conn.ctrl->msg_cons, conn.msg_cons);
out:
	mutex_unlock(&conn.lock);
}

/* Drops queued messages; with @reset, tells the executor to end shadows. */
static void sd_flush_queue(bool reset)
{
	struct virtuos_ctrl_msg msg = { .type = VIRTUOS_MSG_RESET };
	struct sd_queued_msg *q, *next;
	LIST_HEAD(drop);

	spin_lock(&conn.queue_lock);
	list_splice_init(&conn.queue, &drop);
	conn.queued = 0;
	spin_unlock(&conn.queue_lock);
	list_for_each_entry_safe(q, next, &drop, list)
		kfree(q);
	if (reset)
		sd_queue(&msg);
}

static long sd_read_uint(const char *key)
{
	unsigned int val;

	if (xenbus_scanf(XBT_NIL, VIRTUOS_XS_DIR, key, "%u", &val) != 1)
		return -1;
	return val;
}

static char *device = "";
module_param(device, charp, 0444);
MODULE_PARM_DESC(device,
		 "what init found of the served device (ready:WHAT or missing:WHY), published as data/virtuos/sd-device");

static int sd_announce(void)
{
	struct xenbus_transaction xbt;
	int err;

	do {
		conn.session = get_random_u32() & 0x7fffffff;
	} while (!conn.session);
again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	err = xenbus_printf(xbt, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_PROTOCOL_MIN,
			    "%u", VIRTUOS_PROTOCOL_MIN) ?:
	      xenbus_printf(xbt, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_PROTOCOL_MAX,
			    "%u", VIRTUOS_PROTOCOL_MAX) ?:
	      xenbus_printf(xbt, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_SESSION, "%u",
			    conn.session) ?:
	      xenbus_printf(xbt, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_DEVICE, "%.63s",
			    device[0] ? device : "unknown") ?:
	      xenbus_printf(xbt, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_STATE, "%d",
			    VIRTUOS_STATE_INIT_WAIT);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

static void sd_unmap(void)
{
	struct gnttab_unmap_grant_ref unmap;

	if (sd_hostile_holds_mappings()) {
		conn.page = NULL;
		conn.ctrl = NULL;
		return;
	}
	gnttab_set_unmap_op(&unmap,
			    (unsigned long)pfn_to_kaddr(page_to_pfn(conn.page)),
			    GNTMAP_host_map, conn.handle);
	if (gnttab_unmap_refs(&unmap, NULL, &conn.page, 1) ||
	    unmap.status != GNTST_okay)
		pr_err("cannot unmap the control page (%d): page leaked\n",
		       unmap.status);
	else
		gnttab_free_pages(1, &conn.page);
	conn.page = NULL;
	conn.ctrl = NULL;
}

static int sd_map(domid_t primary, grant_ref_t ref)
{
	struct gnttab_map_grant_ref map;
	int err;

	err = gnttab_alloc_pages(1, &conn.page);
	if (err)
		return err;
	gnttab_set_map_op(&map,
			  (unsigned long)pfn_to_kaddr(page_to_pfn(conn.page)),
			  GNTMAP_host_map, ref, primary);
	err = gnttab_map_refs(&map, NULL, &conn.page, 1);
	if (err || map.status != GNTST_okay) {
		gnttab_free_pages(1, &conn.page);
		conn.page = NULL;
		return err ?: -EINVAL;
	}
	conn.handle = map.handle;
	conn.ctrl = pfn_to_kaddr(page_to_pfn(conn.page));
	return 0;
}

static int sd_bind(domid_t primary, evtchn_port_t remote_port)
{
	struct evtchn_bind_interdomain bind = {
		.remote_dom = primary,
		.remote_port = remote_port,
	};
	struct evtchn_close close;
	int irq;

	if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind))
		return -EINVAL;
	irq = bind_evtchn_to_irqhandler_lateeoi(bind.local_port, sd_interrupt,
						0, "virtuos_sd", &conn);
	if (irq < 0) {
		close.port = bind.local_port;
		HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
		return irq;
	}
	conn.irq = irq;
	return 0;
}

static void sd_disconnect(void)
{
	if (!conn.connected)
		return;
	unbind_from_irqhandler(conn.irq, &conn);
	conn.irq = -1;
	sd_flush_queue(true);
	sd_unmap();
	conn.connected = false;
	conn.protocol = 0;
	pr_info("disconnected from domain %u\n", conn.primary);
}

/* Checks the primary's offer for the current session and takes it. */
static int sd_connect(void)
{
	long domid = sd_read_uint(VIRTUOS_XS_PRIMARY_DOMID);
	long ref = sd_read_uint(VIRTUOS_XS_PRIMARY_RING_REF);
	long port = sd_read_uint(VIRTUOS_XS_PRIMARY_EVTCHN);
	long protocol = sd_read_uint(VIRTUOS_XS_PRIMARY_PROTOCOL);
	int err;

	if (domid < 0 || domid >= DOMID_FIRST_RESERVED || ref < 0 || port <= 0) {
		conn.error = "offer with bad domid, grant or port";
		return -EINVAL;
	}
	if (protocol < VIRTUOS_PROTOCOL_MIN || protocol > VIRTUOS_PROTOCOL_MAX) {
		conn.error = "offer with a protocol version we do not speak";
		return -EPROTO;
	}
	err = sd_map(domid, ref);
	if (err) {
		conn.error = "cannot map the control page";
		return err;
	}
	if (READ_ONCE(conn.ctrl->magic) != VIRTUOS_CTRL_MAGIC ||
	    READ_ONCE(conn.ctrl->protocol) != protocol ||
	    READ_ONCE(conn.ctrl->session) != conn.session) {
		conn.error = "control page does not match the offer";
		sd_unmap();
		return -EPROTO;
	}
	err = sd_bind(domid, port);
	if (err) {
		conn.error = "cannot bind the event channel";
		sd_unmap();
		return err;
	}
	conn.primary = domid;
	conn.protocol = protocol;
	conn.msg_cons = 0;
	conn.reply_prod = 0;
	conn.connected = true;
	conn.connects++;
	conn.error = NULL;
	xenbus_printf(XBT_NIL, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_STATE, "%d",
		      VIRTUOS_STATE_CONNECTED);
	pr_info("connected to domain %ld, protocol %ld\n", domid, protocol);
	return 0;
}

static void sd_primary_changed(struct xenbus_watch *watch, const char *path,
			       const char *token)
{
	long state, session;

	mutex_lock(&conn.lock);
	state = sd_read_uint(VIRTUOS_XS_PRIMARY_STATE);
	session = sd_read_uint(VIRTUOS_XS_PRIMARY_SESSION);
	if (session != conn.session) {
		/* An old offer, or the primary has not seen our session yet. */
		if (conn.connected) {
			sd_disconnect();
			sd_announce();
		}
	} else if (state == VIRTUOS_STATE_INITIALISED && !conn.connected) {
		if (sd_connect()) {
			pr_warn_ratelimited("offer refused: %s\n", conn.error);
			sd_announce();
		}
	} else if (state != VIRTUOS_STATE_INITIALISED &&
		   state != VIRTUOS_STATE_CONNECTED && conn.connected) {
		sd_disconnect();
		sd_announce();
	}
	mutex_unlock(&conn.lock);
}

static struct xenbus_watch sd_watch = {
	.node = VIRTUOS_XS_DIR "/" VIRTUOS_XS_PRIMARY_STATE,
	.callback = sd_primary_changed,
};

/* One executor at a time: it forks the shadows, which share its file. */
static int sd_executor_open(struct inode *inode, struct file *file)
{
	if (atomic_cmpxchg(&conn.executor_open, 0, 1))
		return -EBUSY;
	atomic_inc(&conn.executors);
	return 0;
}

/*
 * The executor and every shadow (which share its file) are gone: no area
 * of this session will be served again, so the primary turns them all
 * dead rather than let their callers wait.
 */
static int sd_executor_release(struct inode *inode, struct file *file)
{
	atomic_dec(&conn.executors);
	atomic_set(&conn.executor_open, 0);
	sd_flush_queue(false);
	mutex_lock(&conn.lock);
	if (conn.connected)
		sd_reply(VIRTUOS_AREA_ALL, -ESHUTDOWN);
	mutex_unlock(&conn.lock);
	return 0;
}

static ssize_t sd_executor_read(struct file *file, char __user *buf,
				size_t len, loff_t *ppos)
{
	struct sd_queued_msg *q = NULL;
	int err;

	if (len < sizeof(q->m))
		return -EINVAL;
	for (;;) {
		spin_lock(&conn.queue_lock);
		q = list_first_entry_or_null(&conn.queue, struct sd_queued_msg,
					     list);
		if (q) {
			list_del(&q->list);
			conn.queued--;
		}
		spin_unlock(&conn.queue_lock);
		if (q)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(conn.queue_wq,
					       !list_empty(&conn.queue));
		if (err)
			return err;
	}
	err = copy_to_user(buf, &q->m, sizeof(q->m)) ? -EFAULT : sizeof(q->m);
	kfree(q);
	return err;
}

#define REPLY_ROOM_TRIES	1000	/* of 0.5 to 1 ms: about a second */

static ssize_t sd_executor_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *ppos)
{
	struct virtuos_ctrl_reply reply;
	int tries;

	if (len != sizeof(reply))
		return -EINVAL;
	if (copy_from_user(&reply, buf, sizeof(reply)))
		return -EFAULT;
	/*
	 * A burst of replies (many processes exiting at once) can fill the
	 * ring faster than the primary takes them: wait a little for room.
	 */
	for (tries = 0; tries < REPLY_ROOM_TRIES; tries++) {
		mutex_lock(&conn.lock);
		if (!conn.connected || sd_reply_room() ||
		    tries == REPLY_ROOM_TRIES - 1) {
			if (conn.connected)
				sd_reply(reply.area_id, reply.status);
			mutex_unlock(&conn.lock);
			break;
		}
		mutex_unlock(&conn.lock);
		usleep_range(500, 1000);
	}
	return len;
}

static __poll_t sd_executor_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &conn.queue_wq, wait);
	return list_empty(&conn.queue) ? 0 : EPOLLIN | EPOLLRDNORM;
}

static const struct file_operations sd_executor_fops = {
	.owner = THIS_MODULE,
	.open = sd_executor_open,
	.release = sd_executor_release,
	.read = sd_executor_read,
	.write = sd_executor_write,
	.poll = sd_executor_poll,
	.llseek = noop_llseek,
};

static struct miscdevice sd_executor_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "virtuos_sd",
	.fops = &sd_executor_fops,
	.mode = 0600,
};

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	ssize_t ret;

	mutex_lock(&conn.lock);
	ret = sysfs_emit(buf, "%s\n", conn.connected ? "connected" : "waiting");
	mutex_unlock(&conn.lock);
	return ret;
}

static ssize_t primary_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	ssize_t ret;

	mutex_lock(&conn.lock);
	ret = conn.connected ? sysfs_emit(buf, "%u\n", conn.primary) :
			       sysfs_emit(buf, "-1\n");
	mutex_unlock(&conn.lock);
	return ret;
}

static ssize_t protocol_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(conn.protocol));
}

static ssize_t pings_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&conn.pings));
}

static ssize_t connects_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(conn.connects));
}

static ssize_t executor_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", atomic_read(&conn.executors) ?
			  "running" : "absent");
}

static ssize_t error_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	ssize_t ret;

	mutex_lock(&conn.lock);
	ret = sysfs_emit(buf, "%s\n", conn.error ? conn.error : "");
	mutex_unlock(&conn.lock);
	return ret;
}

static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute primary_attr = __ATTR_RO(primary);
static struct kobj_attribute protocol_attr = __ATTR_RO(protocol);
static struct kobj_attribute pings_attr = __ATTR_RO(pings);
static struct kobj_attribute connects_attr = __ATTR_RO(connects);
static struct kobj_attribute executor_attr = __ATTR_RO(executor);
static struct kobj_attribute error_attr = __ATTR_RO(error);

static struct attribute *sd_attrs[] = {
	&state_attr.attr,
	&primary_attr.attr,
	&protocol_attr.attr,
	&pings_attr.attr,
	&connects_attr.attr,
	&executor_attr.attr,
	&error_attr.attr,
	NULL,
};

static const struct attribute_group sd_group = {
	.attrs = sd_attrs,
};

static int __init sd_init(void)
{
	int err;

	if (!xen_domain() || xen_initial_domain()) {
		pr_info("not a Xen guest: a service domain runs in its own domain\n");
		return -ENODEV;
	}
	sd_kobj = kobject_create_and_add("virtuos_sd", kernel_kobj);
	if (!sd_kobj)
		return -ENOMEM;
	err = sysfs_create_group(sd_kobj, &sd_group);
	if (err)
		goto err_kobj;
	INIT_WORK(&conn.msg_work, sd_take_messages);
	err = misc_register(&sd_executor_dev);
	if (err)
		goto err_kobj;
	mutex_lock(&conn.lock);
	err = sd_announce();
	mutex_unlock(&conn.lock);
	if (err) {
		pr_err("cannot write to xenstore under %s: %d\n",
		       VIRTUOS_XS_DIR, err);
		goto err_misc;
	}
	err = register_xenbus_watch(&sd_watch);
	if (err)
		goto err_misc;
	schedule_delayed_work(&sd_heartbeat_work, HZ);
	sd_hostile_start();
	pr_info("announced, protocol %u-%u\n", VIRTUOS_PROTOCOL_MIN,
		VIRTUOS_PROTOCOL_MAX);
	return 0;

err_misc:
	misc_deregister(&sd_executor_dev);
err_kobj:
	kobject_put(sd_kobj);
	return err;
}

static void __exit sd_exit(void)
{
	sd_hostile_stop();
	cancel_delayed_work_sync(&sd_heartbeat_work);
	unregister_xenbus_watch(&sd_watch);
	mutex_lock(&conn.lock);
	sd_disconnect();
	mutex_unlock(&conn.lock);
	cancel_work_sync(&conn.msg_work);
	sd_flush_queue(false);
	mutex_lock(&conn.lock);
	xenbus_printf(XBT_NIL, VIRTUOS_XS_DIR, VIRTUOS_XS_SD_STATE, "%d",
		      VIRTUOS_STATE_CLOSED);
	mutex_unlock(&conn.lock);
	misc_deregister(&sd_executor_dev);
	kobject_put(sd_kobj);
	pr_info("unloaded\n");
}

module_init(sd_init);
module_exit(sd_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The VirtuOS developers");
MODULE_DESCRIPTION("VirtuOS service-domain companion: connection to the primary");
