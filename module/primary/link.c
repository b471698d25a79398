// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: resources of one service-domain connection.
 *
 * The primary grants the control page and allocates the event channel (the
 * "frontend" role of a Xen split driver); the companion maps and binds
 * them. Ending foreign access when the domain is gone frees the page at
 * once; while a live companion still maps it, the grant-table core defers
 * the free, so nothing here ever waits on the other side.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/mm.h>
#include <xen/events.h>
#include <xen/page.h>
#include <xen/xenbus.h>
#include <asm/xen/hypercall.h>

#include "primary.h"

/* Pages granted to service domains and not yet given back: shown in sysfs. */
atomic_t virtuos_granted_pages = ATOMIC_INIT(0);

/*
 * Takes the companion's replies, at most one ring's worth per interrupt;
 * returns whether one of them changed an area. Replies that change
 * nothing (made up, repeated) do not count: a domain that floods the
 * ring with them gets its interrupts reported spurious. The consumer
 * index is the primary's own (the page's copy is only written): a
 * producer index that moved back, or more than a ring ahead, is ignored.
 */
static bool sd_link_take_replies(struct sd_link *link)
{
	struct virtuos_ctrl_page *ctrl = link->ctrl;
	u32 prod = READ_ONCE(ctrl->reply_prod);
	u32 cons = link->reply_cons;
	struct virtuos_ctrl_reply reply;
	bool changed = false;
	unsigned int n;

	if (prod == cons)
		return false;
	if (prod - cons > VIRTUOS_CTRL_RING) {
		pr_warn_ratelimited("%s: reply index out of range (%u, taken %u): ignored\n",
				    link->name, prod, cons);
		return false;
	}
	virt_rmb(); /* read the replies after their producer index */
	for (n = 0; n < VIRTUOS_CTRL_RING && cons != prod; n++, cons++) {
		memcpy(&reply, &ctrl->replies[cons % VIRTUOS_CTRL_RING],
		       sizeof(reply));
		changed |= virtuos_area_replied(link, &reply);
	}
	link->reply_cons = cons;
	WRITE_ONCE(ctrl->reply_cons, cons);
	return changed;
}

/*
 * An interrupt that brought neither the pong nor a reply that changed an
 * area is spurious: a flood of them is throttled (throttle.c).
 */
static irqreturn_t sd_link_interrupt(int irq, void *dev_id)
{
	struct sd_link *link = dev_id;
	bool useful = false;

	/* The pong is written by the other domain: only ever compared. */
	if (READ_ONCE(link->ctrl->pong) == READ_ONCE(link->ping) &&
	    atomic64_read(&link->pongs) == 0) {
		atomic64_inc(&link->pongs);
		useful = true;
	}
	if (sd_link_take_replies(link))
		useful = true;
	evtchn_throttle_eoi(&link->throttle, irq, useful);
	return IRQ_HANDLED;
}

static int sd_link_alloc_evtchn(struct sd_link *link)
{
	struct evtchn_alloc_unbound alloc = {
		.dom = DOMID_SELF,
		.remote_dom = link->domid,
	};
	struct evtchn_close close;
	int err;

	err = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
	if (err)
		return err;
	evtchn_throttle_init(&link->throttle);
	err = bind_evtchn_to_irqhandler_lateeoi(alloc.port, sd_link_interrupt,
						0, "virtuos", link);
	if (err < 0) {
		close.port = alloc.port;
		HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
		return err;
	}
	link->port = alloc.port;
	link->irq = err;
	return 0;
}

/**
 * sd_link_release() - free everything the connection holds
 * @link: the connection, under virtuos_links_lock.
 *
 * Safe to call in any state. Unbinding the irq closes the port; the page
 * is freed once the peer no longer maps it (reclaim.c).
 */
void sd_link_release(struct sd_link *link)
{
	virtuos_areas_kill(link);
	mutex_lock(&link->send_lock);
	link->sendable = false;
	if (link->irq >= 0) {
		evtchn_throttle_stop(&link->throttle, link->irq);
		unbind_from_irqhandler(link->irq, link);
	}
	link->irq = -1;
	link->port = 0;
	if (link->ctrl_page)
		virtuos_ungrant_page(link->ring_ref, link->ctrl_page);
	link->ctrl_page = NULL;
	link->ctrl = NULL;
	link->protocol = 0;
	mutex_unlock(&link->send_lock);
}

static int sd_link_publish(struct sd_link *link, domid_t self)
{
	char dir[64];
	struct xenbus_transaction xbt;
	int err;

	snprintf(dir, sizeof(dir), "/local/domain/%u/%s", link->domid,
		 VIRTUOS_XS_DIR);
again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	err = xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_DOMID, "%u", self) ?:
	      xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_SESSION, "%u",
			    link->session) ?:
	      xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_PROTOCOL, "%u",
			    link->protocol) ?:
	      xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_RING_REF, "%u",
			    link->ring_ref) ?:
	      xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_EVTCHN, "%u",
			    link->port) ?:
	      xenbus_printf(xbt, dir, VIRTUOS_XS_PRIMARY_STATE, "%d",
			    VIRTUOS_STATE_INITIALISED);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

static domid_t virtuos_self_domid(void)
{
	unsigned int domid;

	if (xenbus_scanf(XBT_NIL, "domid", "", "%u", &domid) == 1 &&
	    domid < DOMID_FIRST_RESERVED)
		return domid;
	return 0;
}

/**
 * sd_link_offer() - grant a control page and an event channel to the domain
 * @link: the connection, under virtuos_links_lock, with @link->domid and
 *	@link->session set and no resources held.
 * @protocol: the negotiated version.
 *
 * Return: 0, or a negative errno with nothing held.
 */
int sd_link_offer(struct sd_link *link, unsigned int protocol)
{
	int ref, err;

	link->ctrl_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!link->ctrl_page)
		return -ENOMEM;
	link->ctrl = page_address(link->ctrl_page);
	link->ctrl->magic = VIRTUOS_CTRL_MAGIC;
	link->ctrl->protocol = protocol;
	link->ctrl->session = link->session;
	link->protocol = protocol;
	link->msg_prod = 0;
	link->reply_cons = 0;

	ref = gnttab_grant_foreign_access(link->domid,
					  xen_page_to_gfn(link->ctrl_page), 0);
	if (ref < 0) {
		__free_page(link->ctrl_page);
		link->ctrl_page = NULL;
		link->ctrl = NULL;
		return ref;
	}
	link->ring_ref = ref;
	atomic_inc(&virtuos_granted_pages);

	err = sd_link_alloc_evtchn(link);
	if (!err)
		err = sd_link_publish(link, virtuos_self_domid());
	if (err)
		sd_link_release(link);
	return err;
}

/**
 * sd_link_connected() - the companion mapped the page: open the ring to
 *	senders as a new connection and check the channel
 * @link: an offered connection, under virtuos_links_lock.
 *
 * Sends a ping; the state reads "connected" once the pong is back.
 */
void sd_link_connected(struct sd_link *link)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "/local/domain/%u/%s", link->domid,
		 VIRTUOS_XS_DIR);
	xenbus_printf(XBT_NIL, dir, VIRTUOS_XS_PRIMARY_STATE, "%d",
		      VIRTUOS_STATE_CONNECTED);
	mutex_lock(&link->send_lock);
	link->state = SD_LINK_CONNECTED;
	link->connects++;
	link->sendable = true;
	WRITE_ONCE(link->ping, link->ping + 1);
	WRITE_ONCE(link->ctrl->ping, link->ping);
	notify_remote_via_irq(link->irq);
	mutex_unlock(&link->send_lock);
}

/**
 * sd_link_state_name() - the state as shown to users
 * @link: the connection, under virtuos_links_lock.
 *
 * Return: a constant string.
 */
const char *sd_link_state_name(const struct sd_link *link)
{
	switch (link->state) {
	case SD_LINK_DISCONNECTED:
		return "disconnected";
	case SD_LINK_WAITING:
		return "waiting";
	case SD_LINK_OFFERED:
		return "connecting";
	case SD_LINK_CONNECTED:
		if (atomic64_read(&link->pongs) > 0 &&
		    READ_ONCE(link->ctrl->pong) == link->ping)
			return "connected";
		return "connecting";
	}
	return "unknown";
}

/* One try of sd_link_send(): -EAGAIN when the ring is full. */
static int sd_link_try_send(struct sd_link *link, unsigned int connection,
			    const struct virtuos_ctrl_msg *msg)
{
	struct virtuos_ctrl_page *ctrl;
	int ret = -ENOTCONN;
	u32 prod;

	mutex_lock(&link->send_lock);
	if (!link->sendable || link->connects != connection)
		goto out;
	ctrl = link->ctrl;
	prod = link->msg_prod;
	/* msg_cons is the peer's: any value only makes the ring look full. */
	ret = -EAGAIN;
	if (prod - READ_ONCE(ctrl->msg_cons) >= VIRTUOS_CTRL_RING)
		goto out;
	memcpy(&ctrl->msgs[prod % VIRTUOS_CTRL_RING], msg, sizeof(*msg));
	virt_wmb(); /* the message is visible before its producer index */
	link->msg_prod = prod + 1;
	WRITE_ONCE(ctrl->msg_prod, link->msg_prod);
	notify_remote_via_irq(link->irq);
	ret = 0;
out:
	mutex_unlock(&link->send_lock);
	return ret;
}

/**
 * sd_link_send() - put a message on the control ring and notify
 * @link: the service domain; no lock held.
 * @connection: the connection the message belongs to (@link->connects
 *	when its area attached): a message for an earlier connection is
 *	never put on a later one's ring.
 * @msg: the message.
 *
 * Waits up to a second for room, holding no lock meanwhile: the companion
 * takes messages from a work item, so the ring is full only while the
 * domain is stuck, and that stalls only this domain's senders.
 *
 * Return: 0, -ENOTCONN when that connection is gone, -EIO when the ring
 * stays full.
 */
int sd_link_send(struct sd_link *link, unsigned int connection,
		 const struct virtuos_ctrl_msg *msg)
{
	int tries, ret;

	for (tries = 0; ; tries++) {
		ret = sd_link_try_send(link, connection, msg);
		if (ret != -EAGAIN)
			return ret;
		if (tries == 50)
			return -EIO;
		msleep(20);
	}
}
