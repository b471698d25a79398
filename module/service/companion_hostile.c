// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS service-domain companion, hostile test build.
 *
 * The companion of companion.c, built as virtuos_sd_hostile.ko for the
 * selftests only (never in an image), that lies to the primary as its
 * "hostile" parameter says; the parameter can be changed at any time
 * (/sys/module/virtuos_sd_hostile/parameters/hostile). Words in it:
 *
 *   hold    never unmaps a grant: the control page stays mapped when a
 *           connection ends, and the grant directory (page 0) of every
 *           area that attaches is mapped and kept.
 *   flip    every 200 ms, drops the connection and announces a new
 *           session (with "hold", keeping the old control page mapped).
 *   rewind  every 20 ms, moves the reply producer index back and then far
 *           ahead, writes over the primary's own indexes, and notifies.
 *
 * What the primary must do under each is in selftests/59-storage-hostile-companion.sh.
 */
#define VIRTUOS_HOSTILE
#include "companion.c"

static char hostile[32];
module_param_string(hostile, hostile, sizeof(hostile), 0644);
MODULE_PARM_DESC(hostile, "how to lie: words hold, flip, rewind (empty: not at all)");

#define HOSTILE_TICK	(HZ / 50)
#define HOSTILE_FLIP_TICKS	10

static void sd_hostile_tick(struct work_struct *work);
static DECLARE_DELAYED_WORK(sd_hostile_work, sd_hostile_tick);
static unsigned int sd_hostile_ticks;

static bool sd_hostile_says(const char *word)
{
	return strstr(hostile, word);
}

static bool sd_hostile_holds_mappings(void)
{
	return sd_hostile_says("hold");
}

/* Maps an attaching area's grant directory and never unmaps it. */
static void sd_hostile_attach(const struct virtuos_ctrl_msg *msg)
{
	struct gnttab_map_grant_ref map;
	struct page *page;

	if (!sd_hostile_says("hold") || gnttab_alloc_pages(1, &page))
		return;
	gnttab_set_map_op(&map, (unsigned long)pfn_to_kaddr(page_to_pfn(page)),
			  GNTMAP_host_map, msg->dir_ref, conn.primary);
	if (gnttab_map_refs(&map, NULL, &page, 1) || map.status != GNTST_okay) {
		gnttab_free_pages(1, &page);
		return;
	}
	pr_info("hostile: holding the directory of area %u\n", msg->area_id);
}

/* Moves the control ring's indexes where they must not be. */
static void sd_hostile_rewind(void)
{
	struct virtuos_ctrl_page *ctrl = conn.ctrl;

	if (sd_hostile_ticks % 2)
		WRITE_ONCE(ctrl->reply_prod, conn.reply_prod - 5);
	else
		WRITE_ONCE(ctrl->reply_prod, conn.reply_prod + 1000);
	WRITE_ONCE(ctrl->reply_cons, get_random_u32());
	WRITE_ONCE(ctrl->msg_cons, conn.msg_cons + 1000);
	notify_remote_via_irq(conn.irq);
}

static void sd_hostile_tick(struct work_struct *work)
{
	mutex_lock(&conn.lock);
	sd_hostile_ticks++;
	if (conn.connected && sd_hostile_says("flip") &&
	    sd_hostile_ticks % HOSTILE_FLIP_TICKS == 0) {
		sd_disconnect();
		sd_announce();
	}
	if (conn.connected && sd_hostile_says("rewind"))
		sd_hostile_rewind();
	mutex_unlock(&conn.lock);
	schedule_delayed_work(&sd_hostile_work, HOSTILE_TICK);
}

static void sd_hostile_start(void)
{
	pr_info("hostile test build, lying as \"%s\"\n", hostile);
	schedule_delayed_work(&sd_hostile_work, HOSTILE_TICK);
}

static void sd_hostile_stop(void)
{
	cancel_delayed_work_sync(&sd_hostile_work);
}
