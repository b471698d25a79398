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

#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mm.h>
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
};

static struct sd_connection conn = {
	.lock = __MUTEX_INITIALIZER(conn.lock),
	.irq = -1,
};

static struct kobject *sd_kobj;

static irqreturn_t sd_interrupt(int irq, void *dev_id)
{
	u64 ping = READ_ONCE(conn.ctrl->ping);

	if (READ_ONCE(conn.ctrl->pong) == ping) {
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	WRITE_ONCE(conn.ctrl->pong, ping);
	atomic64_inc(&conn.pings);
	notify_remote_via_irq(irq);
	xen_irq_lateeoi(irq, 0);
	return IRQ_HANDLED;
}

static long sd_read_uint(const char *key)
{
	unsigned int val;

	if (xenbus_scanf(XBT_NIL, VIRTUOS_XS_DIR, key, "%u", &val) != 1)
		return -1;
	return val;
}

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

static int sd_executor_open(struct inode *inode, struct file *file)
{
	atomic_inc(&conn.executors);
	return 0;
}

static int sd_executor_release(struct inode *inode, struct file *file)
{
	atomic_dec(&conn.executors);
	return 0;
}

static const struct file_operations sd_executor_fops = {
	.owner = THIS_MODULE,
	.open = sd_executor_open,
	.release = sd_executor_release,
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
	unregister_xenbus_watch(&sd_watch);
	mutex_lock(&conn.lock);
	sd_disconnect();
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
