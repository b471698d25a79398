// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: how many areas each user may hold.
 *
 * An area costs the primary 130 pages and as many grant references (Xen's
 * grant table holds only a few hundred areas' worth), and a shadow in the
 * service domain. Areas are counted per real user id, as the initial user
 * namespace sees it, from the ATTACH until the service domain has let go
 * of the pages; past max_areas_per_user an ATTACH fails with EMFILE. A
 * process with CAP_SYS_RESOURCE in the initial namespace is not counted.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>

#include "primary.h"

static unsigned int max_areas_per_user = 128;
module_param(max_areas_per_user, uint, 0644);
MODULE_PARM_DESC(max_areas_per_user,
		 "areas one user may hold at once, CAP_SYS_RESOURCE exempt (default 128)");

static DEFINE_MUTEX(virtuos_user_lock);	/* protects virtuos_user_areas */
static DEFINE_XARRAY(virtuos_user_areas);	/* uid: areas held */

/* Areas @uid holds; under virtuos_user_lock. */
static unsigned long areas_held(u32 uid)
{
	void *entry = xa_load(&virtuos_user_areas, uid);

	return entry ? xa_to_value(entry) : 0;
}

/**
 * virtuos_user_charge() - count one more area against the calling user
 * @area: the new area; its @uid and @charged are set.
 *
 * Return: 0, or -EMFILE when the user holds max_areas_per_user already.
 */
int virtuos_user_charge(struct virtuos_area *area)
{
	u32 uid = from_kuid(&init_user_ns, current_uid());
	unsigned long held;
	int err = 0;

	if (capable(CAP_SYS_RESOURCE))
		return 0;
	mutex_lock(&virtuos_user_lock);
	held = areas_held(uid);
	if (held >= READ_ONCE(max_areas_per_user))
		err = -EMFILE;
	else
		err = xa_err(xa_store(&virtuos_user_areas, uid,
				      xa_mk_value(held + 1), GFP_KERNEL));
	mutex_unlock(&virtuos_user_lock);
	if (!err) {
		area->uid = uid;
		area->charged = true;
	}
	return err;
}

/**
 * virtuos_user_uncharge() - the area's user holds one area fewer
 * @area: an area, charged or not.
 */
void virtuos_user_uncharge(struct virtuos_area *area)
{
	unsigned long held;

	if (!area->charged)
		return;
	area->charged = false;
	mutex_lock(&virtuos_user_lock);
	held = areas_held(area->uid);
	if (held <= 1)
		xa_erase(&virtuos_user_areas, area->uid);
	else
		xa_store(&virtuos_user_areas, area->uid,
			 xa_mk_value(held - 1), GFP_KERNEL);
	mutex_unlock(&virtuos_user_lock);
}
