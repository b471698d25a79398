// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary-domain module: finds service domains through xenstore and
 * keeps one connection to each.
 *
 * Every service domain's companion announces itself under its own
 * /local/domain/<id>/data/virtuos. A watch on /local/domain and on
 * @releaseDomain queues one scan; the scan walks the running domains and
 * moves each connection's state machine one step. Domains that vanished are
 * disconnected and their resources freed; a domain started again under the
 * same name reconnects to the same entry. Nothing read from xenstore is
 * trusted: values are parsed with bounds and bad ones stop the handshake.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

#include "primary.h"

/* Protects virtuos_links and every sd_link in it. */
DEFINE_MUTEX(virtuos_links_lock);
LIST_HEAD(virtuos_links);

/*
 * The guests taken as service domains, by the name the toolstack gave
 * them. Any other guest that writes the rendezvous keys is ignored, and
 * logged once per domain id.
 */
static char *service_domains = "storage,network";
module_param(service_domains, charp, 0444);
MODULE_PARM_DESC(service_domains,
		 "comma-separated names of the guests taken as service domains (default storage,network)");

/* Domain ids already logged as ignored. */
static DEFINE_XARRAY(virtuos_ignored);

static struct workqueue_struct *virtuos_wq;
static struct work_struct virtuos_scan_work;
static bool virtuos_stopping;

static void virtuos_queue_scan(struct xenbus_watch *watch, const char *path,
			       const char *token)
{
	queue_work(virtuos_wq, &virtuos_scan_work);
}

static struct xenbus_watch virtuos_domains_watch = {
	.node = "/local/domain",
	.callback = virtuos_queue_scan,
};

static struct xenbus_watch virtuos_release_watch = {
	.node = "@releaseDomain",
	.callback = virtuos_queue_scan,
};

/* Reads an unsigned decimal written by the service domain; -1 if absent or bad. */
static long sd_read_uint(domid_t domid, const char *key)
{
	char dir[64];
	unsigned int val;

	snprintf(dir, sizeof(dir), "/local/domain/%u/%s", domid,
		 VIRTUOS_XS_DIR);
	if (xenbus_scanf(XBT_NIL, dir, key, "%u", &val) != 1)
		return -1;
	return val;
}

static struct sd_link *sd_link_find(domid_t domid, const char *name)
{
	struct sd_link *link;

	list_for_each_entry(link, &virtuos_links, list)
		if (link->domid == domid)
			return link;
	list_for_each_entry(link, &virtuos_links, list)
		if (link->domid == DOMID_INVALID && !strcmp(link->name, name))
			return link;
	return NULL;
}

/**
 * sd_link_by_name() - the entry of a service domain
 * @name: its name.
 *
 * Return: the entry, or NULL; under virtuos_links_lock.
 */
struct sd_link *sd_link_by_name(const char *name)
{
	struct sd_link *link;

	list_for_each_entry(link, &virtuos_links, list)
		if (!strcmp(link->name, name))
			return link;
	return NULL;
}

/* Whether @name is one of the configured service domains. */
static bool sd_name_configured(const char *name)
{
	const char *p = service_domains;
	size_t len = strlen(name);

	while (p && *p) {
		const char *end = strchrnul(p, ',');

		if (end - p == len && !strncmp(p, name, len))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

static struct sd_link *sd_link_get(domid_t domid)
{
	struct sd_link *link;
	char path[32];
	char *name;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	/* The toolstack writes the name; a domain cannot rename itself. */
	name = xenbus_read(XBT_NIL, path, "name", NULL);
	if (IS_ERR(name))
		return NULL;
	if (!virtuos_name_valid(name)) {
		pr_warn_ratelimited("domain %u: name not usable, ignored\n",
				    domid);
		kfree(name);
		return NULL;
	}
	if (!sd_name_configured(name)) {
		if (!xa_insert(&virtuos_ignored, domid, xa_mk_value(domid),
			       GFP_KERNEL))
			pr_warn("domain %u (%s) announces itself but is not a configured service domain (service_domains=%s): ignored\n",
				domid, name, service_domains);
		kfree(name);
		return NULL;
	}
	link = sd_link_find(domid, name);
	if (!link) {
		link = kzalloc(sizeof(*link), GFP_KERNEL);
		if (!link)
			goto out;
		strscpy(link->name, name, sizeof(link->name));
		INIT_LIST_HEAD(&link->areas);
		spin_lock_init(&link->areas_lock);
		mutex_init(&link->send_lock);
		link->irq = -1;
		link->domid = DOMID_INVALID;
		if (virtuos_sysfs_add(link)) {
			kfree(link);
			link = NULL;
			goto out;
		}
		list_add_tail(&link->list, &virtuos_links);
	}
	if (link->domid != domid) {
		link->domid = domid;
		link->state = SD_LINK_WAITING;
		link->error = NULL;
		pr_info("%s: service domain found, domid %u\n", link->name,
			domid);
	}
out:
	kfree(name);
	return link;
}

static void sd_link_write_state(struct sd_link *link, int state)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "/local/domain/%u/%s", link->domid,
		 VIRTUOS_XS_DIR);
	xenbus_printf(XBT_NIL, dir, VIRTUOS_XS_PRIMARY_STATE, "%d", state);
}

static void sd_link_reset(struct sd_link *link, const char *why)
{
	if (link->state == SD_LINK_CONNECTED)
		pr_info_ratelimited("%s: disconnected (%s)\n", link->name, why);
	sd_link_release(link);
	link->state = SD_LINK_WAITING;
}

/* An announcement with a new session: offer a fresh control page. */
static void sd_link_start(struct sd_link *link, long session)
{
	long lo = sd_read_uint(link->domid, VIRTUOS_XS_SD_PROTOCOL_MIN);
	long hi = sd_read_uint(link->domid, VIRTUOS_XS_SD_PROTOCOL_MAX);
	unsigned int protocol = 0;
	int err;

	if (lo >= 0 && hi >= 0)
		protocol = virtuos_protocol_choose(lo, hi);
	link->session = session;
	if (!protocol) {
		link->error = "no common protocol version";
		pr_warn_ratelimited("%s: %s\n", link->name, link->error);
		sd_link_write_state(link, VIRTUOS_STATE_CLOSED);
		return;
	}
	err = sd_link_offer(link, protocol);
	if (err) {
		link->error = "cannot grant control page or event channel";
		pr_warn_ratelimited("%s: %s: %d\n", link->name, link->error,
				    err);
		return;
	}
	link->error = NULL;
	link->state = SD_LINK_OFFERED;
}

/* One step of one connection, from the companion's published state. */
static void sd_link_step(struct sd_link *link)
{
	long state = sd_read_uint(link->domid, VIRTUOS_XS_SD_STATE);
	long session = sd_read_uint(link->domid, VIRTUOS_XS_SD_SESSION);

	if (link->state != SD_LINK_WAITING &&
	    (session != link->session ||
	     (state != VIRTUOS_STATE_INIT_WAIT &&
	      state != VIRTUOS_STATE_CONNECTED)))
		sd_link_reset(link, "companion closed or restarted");

	switch (link->state) {
	case SD_LINK_WAITING:
		if (state == VIRTUOS_STATE_INIT_WAIT && session > 0 &&
		    session != link->session)
			sd_link_start(link, session);
		break;
	case SD_LINK_OFFERED:
		if (state == VIRTUOS_STATE_CONNECTED) {
			sd_link_connected(link);
			pr_info_ratelimited("%s: connected, domid %u, protocol %u\n",
					    link->name, link->domid,
					    link->protocol);
		}
		break;
	case SD_LINK_CONNECTED:
	case SD_LINK_DISCONNECTED:
		break;
	}
}

static void virtuos_scan(struct work_struct *work)
{
	struct sd_link *link;
	unsigned int i, n;
	char **doms;

	doms = xenbus_directory(XBT_NIL, "/local/domain", "", &n);
	if (IS_ERR(doms))
		return;

	mutex_lock(&virtuos_links_lock);
	if (virtuos_stopping)
		goto unlock;
	list_for_each_entry(link, &virtuos_links, list)
		link->seen = false;
	for (i = 0; i < n; i++) {
		unsigned int domid;

		if (kstrtouint(doms[i], 10, &domid) || domid == 0 ||
		    domid >= DOMID_FIRST_RESERVED)
			continue;
		if (sd_read_uint(domid, VIRTUOS_XS_SD_STATE) < 0)
			continue;
		link = sd_link_get(domid);
		if (!link)
			continue;
		link->seen = true;
		sd_link_step(link);
	}
	list_for_each_entry(link, &virtuos_links, list) {
		if (link->seen || link->domid == DOMID_INVALID)
			continue;
		pr_info("%s: domain %u gone\n", link->name, link->domid);
		sd_link_release(link);
		link->state = SD_LINK_DISCONNECTED;
		link->domid = DOMID_INVALID;
		link->session = 0;
	}
unlock:
	mutex_unlock(&virtuos_links_lock);
	kfree(doms);
}

static int __init virtuos_init(void)
{
	int err;

	if (!xen_domain()) {
		pr_info("not running on Xen: nothing to connect to\n");
		return -ENODEV;
	}
	virtuos_wq = alloc_ordered_workqueue("virtuos", 0);
	if (!virtuos_wq)
		return -ENOMEM;
	INIT_WORK(&virtuos_scan_work, virtuos_scan);
	err = virtuos_sysfs_init();
	if (err)
		goto err_wq;
	err = virtuos_client_init();
	if (err)
		goto err_sysfs;
	err = register_xenbus_watch(&virtuos_domains_watch);
	if (err)
		goto err_client;
	err = register_xenbus_watch(&virtuos_release_watch);
	if (err)
		goto err_watch;
	queue_work(virtuos_wq, &virtuos_scan_work);
	pr_info("loaded, protocol %u-%u\n", VIRTUOS_PROTOCOL_MIN,
		VIRTUOS_PROTOCOL_MAX);
	return 0;

err_watch:
	unregister_xenbus_watch(&virtuos_domains_watch);
err_client:
	virtuos_client_exit();
err_sysfs:
	virtuos_sysfs_exit();
err_wq:
	destroy_workqueue(virtuos_wq);
	return err;
}

static void __exit virtuos_exit(void)
{
	struct sd_link *link, *next;
	LIST_HEAD(gone);

	virtuos_client_exit();
	unregister_xenbus_watch(&virtuos_release_watch);
	unregister_xenbus_watch(&virtuos_domains_watch);
	mutex_lock(&virtuos_links_lock);
	virtuos_stopping = true;
	mutex_unlock(&virtuos_links_lock);
	cancel_work_sync(&virtuos_scan_work);
	destroy_workqueue(virtuos_wq);

	mutex_lock(&virtuos_links_lock);
	list_for_each_entry(link, &virtuos_links, list) {
		if (link->domid != DOMID_INVALID && link->state != SD_LINK_WAITING)
			sd_link_write_state(link, VIRTUOS_STATE_CLOSED);
		sd_link_release(link);
	}
	list_splice_init(&virtuos_links, &gone);
	mutex_unlock(&virtuos_links_lock);

	list_for_each_entry_safe(link, next, &gone, list) {
		virtuos_sysfs_remove(link);
		kfree(link);
	}
	virtuos_sysfs_exit();
	xa_destroy(&virtuos_ignored);
	virtuos_reclaim_exit();
	pr_info("unloaded\n");
}

module_init(virtuos_init);
module_exit(virtuos_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The VirtuOS developers");
MODULE_DESCRIPTION("VirtuOS primary domain: connections to service domains");
