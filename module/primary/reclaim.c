// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: pages a service domain still maps.
 *
 * When an area or a connection ends, each of its granted pages is freed at
 * once if the service domain no longer maps it. One it still maps (a slow
 * domain, or a hostile one that never unmaps) is kept here and retried, for
 * as long as the module is loaded: the page stays counted in granted_pages
 * and in held_pages until Xen says the grant is no longer in use, so the
 * counters show what a domain keeps. The kernel's own deferred path
 * (gnttab_end_foreign_access) would hide it and retries only a few grants
 * a second; it gets what is left when the module unloads.
 *
 * The owner (area, process, user) is released at once: a domain that keeps
 * pages costs dom0 memory that the counters show, never another domain's
 * service or its user's area limit.
 */
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>

#include "primary.h"

/* Retried every RECLAIM_FAST while young, then every RECLAIM_SLOW. */
#define RECLAIM_FAST	(HZ / 20)
#define RECLAIM_SLOW	HZ
#define RECLAIM_YOUNG	(60 * HZ)

/* A granted page whose owner ended while a service domain still maps it. */
struct held_page {
	struct list_head list;
	grant_ref_t ref;
	struct page *page;
	unsigned long since;
};

/* Pages on the list: shown in sysfs as held_pages. */
atomic_t virtuos_held_pages = ATOMIC_INIT(0);

static LIST_HEAD(held_list);
static DEFINE_SPINLOCK(held_lock); /* protects held_list, held_stopping */
static bool held_stopping;
static void held_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(held_work, held_retry);

/* Under held_lock: when to try again, or 0 when nothing is held. */
static unsigned long held_next_delay(void)
{
	struct held_page *held;

	if (list_empty(&held_list) || held_stopping)
		return 0;
	list_for_each_entry(held, &held_list, list)
		if (time_before(jiffies, held->since + RECLAIM_YOUNG))
			return RECLAIM_FAST;
	return RECLAIM_SLOW;
}

static void held_retry(struct work_struct *work)
{
	struct held_page *held, *next;
	unsigned long delay;
	LIST_HEAD(freed);

	spin_lock(&held_lock);
	list_for_each_entry_safe(held, next, &held_list, list)
		if (gnttab_try_end_foreign_access(held->ref))
			list_move(&held->list, &freed);
	delay = held_next_delay();
	spin_unlock(&held_lock);
	list_for_each_entry_safe(held, next, &freed, list) {
		__free_page(held->page);
		atomic_dec(&virtuos_held_pages);
		atomic_dec(&virtuos_granted_pages);
		kfree(held);
	}
	if (delay)
		schedule_delayed_work(&held_work, delay);
}

/**
 * virtuos_ungrant_page() - end a grant and free its page, now or once the
 *	service domain unmaps it
 * @ref: the grant reference.
 * @page: the granted page, counted in virtuos_granted_pages.
 *
 * Never waits on the other side. The page stays counted until it is freed.
 */
void virtuos_ungrant_page(grant_ref_t ref, struct page *page)
{
	struct held_page *held;
	bool stopping;

	if (gnttab_try_end_foreign_access(ref)) {
		__free_page(page);
		atomic_dec(&virtuos_granted_pages);
		return;
	}
	held = kmalloc(sizeof(*held), GFP_KERNEL);
	spin_lock(&held_lock);
	stopping = held_stopping;
	if (held && !stopping) {
		held->ref = ref;
		held->page = page;
		held->since = jiffies;
		list_add_tail(&held->list, &held_list);
		atomic_inc(&virtuos_held_pages);
	}
	spin_unlock(&held_lock);
	if (held && !stopping) {
		mod_delayed_work(system_wq, &held_work, RECLAIM_FAST);
		return;
	}
	/* No memory for the record, or unloading: the kernel's path. */
	kfree(held);
	gnttab_end_foreign_access(ref, page);
	atomic_dec(&virtuos_granted_pages);
}

/**
 * virtuos_reclaim_exit() - hand the pages still held to the kernel
 *
 * At unload, after every area and connection ended: the grant-table core
 * frees each page once its domain unmaps it (or dies).
 */
void virtuos_reclaim_exit(void)
{
	struct held_page *held, *next;
	LIST_HEAD(left);

	spin_lock(&held_lock);
	held_stopping = true;
	spin_unlock(&held_lock);
	cancel_delayed_work_sync(&held_work);
	spin_lock(&held_lock);
	list_splice_init(&held_list, &left);
	spin_unlock(&held_lock);
	list_for_each_entry_safe(held, next, &left, list) {
		gnttab_end_foreign_access(held->ref, held->page);
		atomic_dec(&virtuos_held_pages);
		atomic_dec(&virtuos_granted_pages);
		kfree(held);
	}
}
