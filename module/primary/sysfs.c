// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: /sys/kernel/virtuos.
 *
 *   protocol                     versions this module speaks, "MIN-MAX"
 *   granted_pages                pages granted to service domains now
 *   held_pages                   of those, pages whose area or connection
 *                                ended but which a service domain still
 *                                maps (freed once it unmaps them)
 *   wakes                        VIRTUOS_IOC_WAKE calls so far (traps that
 *                                woke a sleeping shadow)
 *   waits                        VIRTUOS_IOC_WAIT calls so far (traps that
 *                                slept until a call was done)
 *   domains/<name>/state         disconnected, waiting, connecting, connected
 *   domains/<name>/domid         domain id, or -1 when the domain is gone
 *   domains/<name>/protocol      negotiated version, 0 when not connected
 *   domains/<name>/connects      how many times the domain connected
 *   domains/<name>/error         last rendezvous error, empty if none
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "primary.h"

static struct kobject *virtuos_kobj;
static struct kobject *virtuos_domains_kobj;

static ssize_t protocol_top_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u-%u\n", VIRTUOS_PROTOCOL_MIN,
			  VIRTUOS_PROTOCOL_MAX);
}

static struct kobj_attribute protocol_top_attr =
	__ATTR(protocol, 0444, protocol_top_show, NULL);

static ssize_t granted_pages_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&virtuos_granted_pages));
}

static struct kobj_attribute granted_pages_attr = __ATTR_RO(granted_pages);

static ssize_t held_pages_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&virtuos_held_pages));
}

static struct kobj_attribute held_pages_attr = __ATTR_RO(held_pages);

static ssize_t wakes_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&virtuos_wakes));
}

static struct kobj_attribute wakes_attr = __ATTR_RO(wakes);

static ssize_t waits_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&virtuos_waits));
}

static struct kobj_attribute waits_attr = __ATTR_RO(waits);

static struct attribute *top_attrs[] = {
	&protocol_top_attr.attr,
	&granted_pages_attr.attr,
	&held_pages_attr.attr,
	&wakes_attr.attr,
	&waits_attr.attr,
	NULL,
};

static const struct attribute_group top_group = {
	.attrs = top_attrs,
};

/* Finds the link of a kobject and prints one of its fields under the lock. */
static ssize_t link_show(struct kobject *kobj, char *buf,
			 ssize_t (*emit)(struct sd_link *, char *))
{
	struct sd_link *link;
	ssize_t ret = -ENODEV;

	mutex_lock(&virtuos_links_lock);
	list_for_each_entry(link, &virtuos_links, list) {
		if (link->kobj == kobj) {
			ret = emit(link, buf);
			break;
		}
	}
	mutex_unlock(&virtuos_links_lock);
	return ret;
}

static ssize_t emit_state(struct sd_link *link, char *buf)
{
	return sysfs_emit(buf, "%s\n", sd_link_state_name(link));
}

static ssize_t emit_domid(struct sd_link *link, char *buf)
{
	if (link->domid == DOMID_INVALID)
		return sysfs_emit(buf, "-1\n");
	return sysfs_emit(buf, "%u\n", link->domid);
}

static ssize_t emit_protocol(struct sd_link *link, char *buf)
{
	return sysfs_emit(buf, "%u\n", link->protocol);
}

static ssize_t emit_connects(struct sd_link *link, char *buf)
{
	return sysfs_emit(buf, "%u\n", link->connects);
}

/*
 * Seconds since the companion's heartbeat was last seen to move (as of the
 * reads of this file), or -1 when not connected or it never moved.
 */
static ssize_t emit_heartbeat_age(struct sd_link *link, char *buf)
{
	u32 beat;

	if (link->state != SD_LINK_CONNECTED || !link->ctrl)
		return sysfs_emit(buf, "-1\n");
	if (link->heartbeat_connects != link->connects) {
		link->heartbeat_connects = link->connects;
		link->heartbeat = 0;
		link->heartbeat_moved = 0;
	}
	beat = READ_ONCE(link->ctrl->heartbeat);
	if (beat != link->heartbeat) {
		link->heartbeat = beat;
		link->heartbeat_moved = jiffies;
	}
	if (!link->heartbeat_moved)
		return sysfs_emit(buf, "-1\n");
	return sysfs_emit(buf, "%lu\n", (jiffies - link->heartbeat_moved) / HZ);
}

static ssize_t emit_error(struct sd_link *link, char *buf)
{
	return sysfs_emit(buf, "%s\n", link->error ? link->error : "");
}

#define LINK_ATTR(field)						\
static ssize_t field##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return link_show(kobj, buf, emit_##field);			\
}									\
static struct kobj_attribute field##_attr = __ATTR_RO(field)

LINK_ATTR(state);
LINK_ATTR(domid);
LINK_ATTR(protocol);
LINK_ATTR(connects);
LINK_ATTR(heartbeat_age);
LINK_ATTR(error);

static struct attribute *link_attrs[] = {
	&state_attr.attr,
	&domid_attr.attr,
	&protocol_attr.attr,
	&connects_attr.attr,
	&heartbeat_age_attr.attr,
	&error_attr.attr,
	NULL,
};

static const struct attribute_group link_group = {
	.attrs = link_attrs,
};

/**
 * virtuos_sysfs_add() - create /sys/kernel/virtuos/domains/<name>
 * @link: the new entry; @link->name is set and valid.
 *
 * Return: 0 or a negative errno.
 */
int virtuos_sysfs_add(struct sd_link *link)
{
	int err;

	link->kobj = kobject_create_and_add(link->name, virtuos_domains_kobj);
	if (!link->kobj)
		return -ENOMEM;
	err = sysfs_create_group(link->kobj, &link_group);
	if (err) {
		kobject_put(link->kobj);
		link->kobj = NULL;
	}
	return err;
}

/**
 * virtuos_sysfs_remove() - remove the directory of an entry
 * @link: the entry, not under virtuos_links_lock (show() takes it).
 */
void virtuos_sysfs_remove(struct sd_link *link)
{
	if (!link->kobj)
		return;
	sysfs_remove_group(link->kobj, &link_group);
	kobject_put(link->kobj);
	link->kobj = NULL;
}

int virtuos_sysfs_init(void)
{
	int err;

	virtuos_kobj = kobject_create_and_add("virtuos", kernel_kobj);
	if (!virtuos_kobj)
		return -ENOMEM;
	err = sysfs_create_group(virtuos_kobj, &top_group);
	if (err)
		goto err;
	virtuos_domains_kobj = kobject_create_and_add("domains", virtuos_kobj);
	if (!virtuos_domains_kobj) {
		err = -ENOMEM;
		goto err;
	}
	return 0;
err:
	kobject_put(virtuos_kobj);
	return err;
}

void virtuos_sysfs_exit(void)
{
	kobject_put(virtuos_domains_kobj);
	kobject_put(virtuos_kobj);
}
