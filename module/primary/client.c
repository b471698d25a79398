// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: /dev/virtuos, one shared area per open file.
 *
 * A process opens /dev/virtuos once per service domain and attaches it
 * (VIRTUOS_IOC_ATTACH): the module grants a fresh area to the domain, sends
 * an ATTACH message with the process's credentials (from this kernel, never
 * from the process) and waits for the companion's reply. The process then
 * maps the area (pages 1..) and exchanges requests with its shadow through
 * it; VIRTUOS_IOC_WAKE notifies sleeping workers, VIRTUOS_IOC_WAIT sleeps
 * until a slot is done. When the domain dies every area on it turns dead and
 * its waiters return EIO. The last close sends DETACH and ends the grants.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/eventfd.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include <xen/events.h>
#include <xen/page.h>
#include <asm/xen/hypercall.h>

#include "primary.h"

#define ATTACH_TIMEOUT		(10 * HZ)
#define DETACH_TIMEOUT		(3 * HZ)

static DEFINE_IDA(virtuos_area_ida);

/* The traps of the hot path, for benchmarks: wake and wait ioctls. */
atomic64_t virtuos_wakes = ATOMIC64_INIT(0);
atomic64_t virtuos_waits = ATOMIC64_INIT(0);

static struct virtuos_area_ctl *area_ctl(struct virtuos_area *area)
{
	return page_address(area->pages[1]);
}

/*
 * Whether an interrupt of @area's channel can be worth taking: a slot is
 * done that someone here waits for (asleep in VIRTUOS_IOC_WAIT, or an
 * eventfd). The service domain writes the slots' states, but not who
 * waits, so a domain that notifies for nothing cannot make this true.
 */
static bool area_completion_awaited(struct virtuos_area *area)
{
	struct virtuos_area_ctl *ctl = area_ctl(area);
	unsigned int i;

	for (i = 0; i < VIRTUOS_AREA_SLOTS; i++)
		if ((test_bit(i, &area->sleeping) || READ_ONCE(area->notify[i])) &&
		    READ_ONCE(ctl->slots[i].state) == VIRTUOS_SLOT_DONE)
			return true;
	return false;
}

/*
 * Wakes the area's waiters. An interrupt that completes nothing anyone
 * waits for is spurious: after two in a row the channel stays masked a
 * while (throttle.c), so a domain that floods it costs the primary about
 * one interrupt a second.
 */
static irqreturn_t area_interrupt(int irq, void *dev_id)
{
	struct virtuos_area *area = dev_id;
	bool useful = area_completion_awaited(area);

	wake_up_all(&area->wq);
	evtchn_throttle_eoi(&area->throttle, irq, useful);
	return IRQ_HANDLED;
}

static void area_release(struct virtuos_area *area)
{
	virtuos_user_uncharge(area);
	if (area->id)
		ida_free(&virtuos_area_ida, area->id);
	kfree(area);
}

/*
 * Frees what area_grant() set up; the area is off every list. Pages the
 * service domain still maps are left to reclaim.c: the area itself, and
 * its user's count, go at once.
 */
static void area_free(struct virtuos_area *area)
{
	int i;

	if (area->irq >= 0) {
		evtchn_throttle_stop(&area->throttle, area->irq);
		unbind_from_irqhandler(area->irq, area);
	}
	for (i = 0; i < VIRTUOS_AREA_PAGES; i++) {
		if (!area->pages[i])
			continue;
		if (area->granted[i])
			virtuos_ungrant_page(area->refs[i], area->pages[i]);
		else
			__free_page(area->pages[i]);
		area->pages[i] = NULL;
		area->granted[i] = false;
	}
	area_release(area);
}

static int area_grant(struct virtuos_area *area, domid_t domid)
{
	struct evtchn_alloc_unbound alloc = {
		.dom = DOMID_SELF,
		.remote_dom = domid,
	};
	struct virtuos_area_dir *dir;
	struct virtuos_area_ctl *ctl;
	struct evtchn_close close;
	int i, ref, irq;

	for (i = 0; i < VIRTUOS_AREA_PAGES; i++) {
		area->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!area->pages[i])
			return -ENOMEM;
		ref = gnttab_grant_foreign_access(domid, xen_page_to_gfn(area->pages[i]),
						  0);
		if (ref < 0)
			return ref;
		area->refs[i] = ref;
		area->granted[i] = true;
		atomic_inc(&virtuos_granted_pages);
	}
	dir = page_address(area->pages[0]);
	dir->magic = VIRTUOS_AREA_MAGIC;
	dir->area_id = area->id;
	dir->nr_pages = VIRTUOS_AREA_PAGES;
	for (i = 0; i < VIRTUOS_AREA_PAGES; i++)
		dir->refs[i] = area->refs[i];
	ctl = area_ctl(area);
	ctl->magic = VIRTUOS_AREA_MAGIC;

	if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc))
		return -ENOSPC;
	evtchn_throttle_init(&area->throttle);
	irq = bind_evtchn_to_irqhandler_lateeoi(alloc.port, area_interrupt, 0,
						"virtuos-area", area);
	if (irq < 0) {
		close.port = alloc.port;
		HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
		return irq;
	}
	area->irq = irq;
	area->port = alloc.port;
	return 0;
}

/*
 * Writes the caller's credentials into page 0 of @area, under the seq
 * count the shadow checks. Callers are serialised by notify_lock.
 */
/*
 * A capability set as the initial user namespace sees it. Capabilities
 * held in any other user namespace (after unshare(CLONE_NEWUSER), say)
 * count for nothing there, and a service domain knows only the initial
 * namespace's view of a process: such a process gets none.
 */
static u64 caps_in_init_ns(const struct cred *cred, kernel_cap_t set)
{
	if (cred->user_ns != &init_user_ns)
		return 0;
	return ((u64)set.cap[1] << 32) | set.cap[0];
}

static void area_write_creds(struct virtuos_area *area)
{
	struct virtuos_area_dir *dir = page_address(area->pages[0]);
	struct virtuos_creds *c = &dir->creds;
	const struct cred *cred = current_cred();
	struct user_namespace *ns = &init_user_ns;
	struct group_info *gi = cred->group_info;
	u32 seq = READ_ONCE(c->seq);
	int i;

	WRITE_ONCE(c->seq, seq | 1);
	/* An odd seq before the fields: the shadow retries its copy. */
	smp_wmb();
	c->uid[0] = from_kuid_munged(ns, cred->uid);
	c->uid[1] = from_kuid_munged(ns, cred->euid);
	c->uid[2] = from_kuid_munged(ns, cred->suid);
	c->uid[3] = from_kuid_munged(ns, cred->fsuid);
	c->gid[0] = from_kgid_munged(ns, cred->gid);
	c->gid[1] = from_kgid_munged(ns, cred->egid);
	c->gid[2] = from_kgid_munged(ns, cred->sgid);
	c->gid[3] = from_kgid_munged(ns, cred->fsgid);
	c->ngroups = min_t(int, gi->ngroups, VIRTUOS_MAX_GROUPS);
	for (i = 0; i < c->ngroups; i++)
		c->groups[i] = from_kgid_munged(ns, gi->gid[i]);
	c->cap_effective = caps_in_init_ns(cred, cred->cap_effective);
	c->cap_permitted = caps_in_init_ns(cred, cred->cap_permitted);
	/* The fields before the even seq that says they are complete. */
	smp_wmb();
	WRITE_ONCE(c->seq, (seq | 1) + 1);
}

/* Fills an ATTACH message, and page 0, from the caller's credentials. */
static void area_fill_attach(struct virtuos_area *area,
			     struct virtuos_ctrl_msg *msg)
{
	struct virtuos_area_dir *dir = page_address(area->pages[0]);

	memset(msg, 0, sizeof(*msg));
	msg->type = VIRTUOS_MSG_ATTACH;
	msg->area_id = area->id;
	msg->dir_ref = area->refs[0];
	msg->port = area->port;
	msg->tgid = task_tgid_nr(current);
	area_write_creds(area);
	msg->creds = dir->creds;
	msg->umask = current_umask();
	area->tgid = msg->tgid;
}

/*
 * Whether the child that was to use fork token @i of @area is gone: exited
 * or exiting, or its pid now names a process that is not a child of the
 * area's process. Under @area->fork_lock.
 */
static bool fork_child_gone(struct virtuos_area *area, int i)
{
	struct task_struct *t;
	bool gone;

	if (!area->fork_children[i])
		return false;
	rcu_read_lock();
	t = pid_task(find_pid_ns(area->fork_children[i], &init_pid_ns),
		     PIDTYPE_PID);
	gone = !t || t->exit_state || (t->flags & PF_EXITING) ||
	       task_tgid_nr(rcu_dereference(t->real_parent)) != area->tgid;
	rcu_read_unlock();
	return gone;
}

/*
 * Sets fork token @i of @area to @token (0: none), here and in page 0,
 * where the shadow checks a VIRTUOS_CALL_FORK against it. Under fork_lock.
 */
static void area_set_fork_token(struct virtuos_area *area, int i, u64 token)
{
	struct virtuos_area_dir *dir = page_address(area->pages[0]);

	area->fork_tokens[i] = token;
	WRITE_ONCE(dir->fork_tokens[i], token);
}

/* Gives the process a token for one fork (VIRTUOS_IOC_FORK). */
static long area_fork(struct virtuos_area *area, struct virtuos_fork __user *uarg)
{
	struct virtuos_fork arg;
	unsigned long now = jiffies;
	int i, slot = -1;

	if (READ_ONCE(area->dead))
		return -EIO;
	arg.token = get_random_u64() | 1;
	spin_lock(&area->fork_lock);
	for (i = 0; i < VIRTUOS_FORK_PENDING; i++)
		if (!area->fork_tokens[i] ||
		    time_after(now, area->fork_deadlines[i]) ||
		    fork_child_gone(area, i))
			slot = i;
	if (slot >= 0) {
		area_set_fork_token(area, slot, arg.token);
		area->fork_deadlines[slot] = now + VIRTUOS_FORK_TIMEOUT_S * HZ;
		area->fork_children[slot] = 0;
	}
	spin_unlock(&area->fork_lock);
	if (slot < 0)
		return -EAGAIN;
	/* The token is in page 0 before the process can send it. */
	smp_wmb();
	return copy_to_user(uarg, &arg, sizeof(arg)) ? -EFAULT : 0;
}

/*
 * Names the child that will use one of the caller's fork tokens
 * (VIRTUOS_IOC_FORK_CHILD); pid 0 gives the token up (the fork failed).
 */
static long area_fork_child(struct virtuos_area *area,
			    struct virtuos_fork_child __user *uarg)
{
	struct virtuos_fork_child arg;
	struct task_struct *t;
	pid_t child = 0;
	long ret = -ENOENT;
	int i;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (!arg.token || arg.pid < 0 || arg.reserved)
		return -EINVAL;
	if (arg.pid) {
		rcu_read_lock();
		t = pid_task(find_vpid(arg.pid), PIDTYPE_PID);
		if (t && task_tgid_nr(rcu_dereference(t->real_parent)) ==
			 task_tgid_nr(current))
			child = task_pid_nr(t);
		rcu_read_unlock();
		if (!child)
			return -ESRCH;
	}
	spin_lock(&area->fork_lock);
	for (i = 0; i < VIRTUOS_FORK_PENDING; i++) {
		if (area->fork_tokens[i] != arg.token)
			continue;
		if (child)
			area->fork_children[i] = child;
		else
			area_set_fork_token(area, i, 0);
		ret = 0;
	}
	spin_unlock(&area->fork_lock);
	return ret;
}

/*
 * Whether the caller may attach as the fork of area @parent_id of @link
 * with @token: the area is alive, belongs to the caller's parent process,
 * and holds the token, which is used up. Under virtuos_links_lock.
 */
static bool fork_token_take(struct sd_link *link, u32 parent_id, u64 token)
{
	struct virtuos_area *parent = NULL, *a;
	bool ok = false;
	pid_t ptgid;
	int i;

	rcu_read_lock();
	ptgid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	spin_lock_irq(&link->areas_lock);
	list_for_each_entry(a, &link->areas, list)
		if (a->id == parent_id && !a->dead && a->tgid == ptgid)
			parent = a;
	if (parent && token) {
		spin_lock(&parent->fork_lock);
		for (i = 0; i < VIRTUOS_FORK_PENDING; i++) {
			if (parent->fork_tokens[i] != token)
				continue;
			ok = !time_after(jiffies, parent->fork_deadlines[i]);
			area_set_fork_token(parent, i, 0);
			parent->fork_children[i] = 0;
		}
		spin_unlock(&parent->fork_lock);
	}
	spin_unlock_irq(&link->areas_lock);
	return ok;
}

static void virtuos_area_forget(struct virtuos_area *area, bool detach);

/*
 * private_data of a descriptor while an ATTACH is under way on it: a
 * second ATTACH on the same descriptor (another thread) gets -EBUSY
 * instead of attaching an area that the first would then lose.
 */
static char virtuos_attaching;
#define AREA_ATTACHING ((void *)&virtuos_attaching)

/* The area attached on @file, or NULL (none yet, or still attaching). */
static struct virtuos_area *file_area(struct file *file)
{
	/* Pairs with the release that publishes a fully attached area. */
	void *p = smp_load_acquire(&file->private_data);

	return p == AREA_ATTACHING ? NULL : p;
}

/* Ends an ATTACH on @file that failed: the descriptor can attach again. */
static long area_attach_failed(struct file *file, long ret)
{
	/* Nothing of the failed area is reachable through @file. */
	smp_store_release(&file->private_data, NULL);
	return ret;
}

static long area_attach(struct file *file, struct virtuos_attach __user *uarg)
{
	struct virtuos_attach arg;
	struct virtuos_area *area;
	struct virtuos_ctrl_msg msg;
	struct sd_link *link;
	long ret;
	int id;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	arg.name[VIRTUOS_NAME_MAX] = '\0';
	if (cmpxchg(&file->private_data, NULL, AREA_ATTACHING))
		return -EBUSY;

	area = kzalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return area_attach_failed(file, -ENOMEM);
	area->irq = -1;
	init_waitqueue_head(&area->wq);
	spin_lock_init(&area->fork_lock);
	mutex_init(&area->notify_lock);
	id = ida_alloc_min(&virtuos_area_ida, 1, GFP_KERNEL);
	if (id < 0) {
		kfree(area);
		return area_attach_failed(file, id);
	}
	area->id = id;
	ret = virtuos_user_charge(area);
	if (ret) {
		area_free(area);
		return area_attach_failed(file, ret);
	}

	mutex_lock(&virtuos_links_lock);
	link = sd_link_by_name(arg.name);
	if (!link || link->state != SD_LINK_CONNECTED) {
		mutex_unlock(&virtuos_links_lock);
		area_free(area);
		return area_attach_failed(file, link ? -EAGAIN : -ENOENT);
	}
	if (arg.fork_area &&
	    !fork_token_take(link, arg.fork_area, arg.fork_token)) {
		mutex_unlock(&virtuos_links_lock);
		area_free(area);
		return area_attach_failed(file, -EPERM);
	}
	ret = area_grant(area, link->domid);
	if (ret) {
		mutex_unlock(&virtuos_links_lock);
		area_free(area);
		return area_attach_failed(file, ret);
	}
	area->link = link;
	area->connection = link->connects;
	area->status = 1;
	spin_lock_irq(&link->areas_lock);
	list_add_tail(&area->list, &link->areas);
	spin_unlock_irq(&link->areas_lock);
	area_fill_attach(area, &msg);
	msg.fork_of = arg.fork_area;
	msg.fork_token = arg.fork_area ? arg.fork_token : 0;
	mutex_unlock(&virtuos_links_lock);

	/*
	 * Sent without virtuos_links_lock, so a domain that does not take
	 * its messages stalls only its own attaches (links are freed only
	 * at module exit). A connection gone meanwhile killed the area.
	 */
	ret = sd_link_send(link, area->connection, &msg);
	if (ret == -ENOTCONN)
		ret = -EAGAIN;
	if (!ret && !wait_event_timeout(area->wq, READ_ONCE(area->status) <= 0,
					ATTACH_TIMEOUT))
		ret = -ETIMEDOUT;
	if (!ret)
		ret = READ_ONCE(area->status);
	if (ret) {
		virtuos_area_forget(area, ret == -ETIMEDOUT);
		area_free(area);
		return area_attach_failed(file,
					  ret == -ETIMEDOUT || ret == 1 ? -EIO : ret);
	}
	/* The area is complete before a reader of @file can see it. */
	smp_store_release(&file->private_data, area);
	arg.area_id = area->id;
	arg.map_size = VIRTUOS_MAP_SIZE;
	if (copy_to_user(uarg, &arg, sizeof(arg)))
		return -EFAULT;
	return 0;
}

static bool slot_done_or_dead(struct virtuos_area *area,
			      struct virtuos_slot *slot)
{
	return READ_ONCE(slot->state) == VIRTUOS_SLOT_DONE ||
	       READ_ONCE(area->dead);
}

static long area_wait(struct virtuos_area *area, unsigned long index)
{
	struct virtuos_slot *slot;
	long ret;

	if (index >= VIRTUOS_AREA_SLOTS)
		return -EINVAL;
	slot = &area_ctl(area)->slots[index];
	set_bit(index, &area->sleeping);
	ret = wait_event_interruptible(area->wq, slot_done_or_dead(area, slot));
	clear_bit(index, &area->sleeping);
	if (ret)
		return ret;
	return READ_ONCE(slot->state) == VIRTUOS_SLOT_DONE ? 0 : -EIO;
}

/**
 * struct area_notify - an eventfd signalled when a slot is done
 * @wait:	on the area's wait queue, which every completion, the death
 *		of the domain and the end of the shadow wake.
 * @ctx:	the process's eventfd.
 * @area:	the area.
 * @index:	the slot watched.
 */
struct area_notify {
	wait_queue_entry_t wait;
	struct eventfd_ctx *ctx;
	struct virtuos_area *area;
	unsigned int index;
};

/* Called under the wait queue's lock, in irq context too. */
static int area_notify_wake(struct wait_queue_entry *wait, unsigned int mode,
			    int flags, void *key)
{
	struct area_notify *n = container_of(wait, struct area_notify, wait);

	if (slot_done_or_dead(n->area, &area_ctl(n->area)->slots[n->index]))
		eventfd_signal(n->ctx, 1);
	return 0;
}

/* Stops watching slot @index; under notify_lock. */
static void area_notify_clear(struct virtuos_area *area, unsigned int index)
{
	struct area_notify *n = area->notify[index];

	if (!n)
		return;
	remove_wait_queue(&area->wq, &n->wait);
	eventfd_ctx_put(n->ctx);
	kfree(n);
	area->notify[index] = NULL;
}

static long area_notify(struct virtuos_area *area,
			struct virtuos_notify __user *uarg)
{
	struct virtuos_notify arg;
	struct eventfd_ctx *ctx;
	struct area_notify *n;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.slot >= VIRTUOS_AREA_SLOTS)
		return -EINVAL;
	if (arg.eventfd < 0) {
		mutex_lock(&area->notify_lock);
		area_notify_clear(area, arg.slot);
		mutex_unlock(&area->notify_lock);
		return 0;
	}
	ctx = eventfd_ctx_fdget(arg.eventfd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n) {
		eventfd_ctx_put(ctx);
		return -ENOMEM;
	}
	init_waitqueue_func_entry(&n->wait, area_notify_wake);
	n->ctx = ctx;
	n->area = area;
	n->index = arg.slot;
	mutex_lock(&area->notify_lock);
	area_notify_clear(area, arg.slot);
	area->notify[arg.slot] = n;
	add_wait_queue(&area->wq, &n->wait);
	/* Pairs with the shadow's store of DONE before it reads waiting. */
	smp_mb();
	if (slot_done_or_dead(area, &area_ctl(area)->slots[arg.slot]))
		eventfd_signal(ctx, 1);
	mutex_unlock(&area->notify_lock);
	return 0;
}

static long virtuos_dev_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct virtuos_area *area = file_area(file);

	if (cmd == VIRTUOS_IOC_ATTACH)
		return area_attach(file, (void __user *)arg);
	if (!area)
		return -ENOTCONN;
	switch (cmd) {
	case VIRTUOS_IOC_WAKE:
		atomic64_inc(&virtuos_wakes);
		if (READ_ONCE(area->dead))
			return -EIO;
		notify_remote_via_irq(area->irq);
		return 0;
	case VIRTUOS_IOC_WAIT:
		atomic64_inc(&virtuos_waits);
		return area_wait(area, arg);
	case VIRTUOS_IOC_FORK:
		return area_fork(area, (void __user *)arg);
	case VIRTUOS_IOC_FORK_CHILD:
		return area_fork_child(area, (void __user *)arg);
	case VIRTUOS_IOC_NOTIFY:
		return area_notify(area, (void __user *)arg);
	case VIRTUOS_IOC_CREDS:
		/*
		 * Only the owner's credentials: a vfork child (or a forked
		 * one that kept the descriptor) shares the file, not the
		 * shadow's identity.
		 */
		if (area->tgid != task_tgid_nr(current))
			return -EPERM;
		if (READ_ONCE(area->dead))
			return -EIO;
		mutex_lock(&area->notify_lock);
		area_write_creds(area);
		mutex_unlock(&area->notify_lock);
		return 0;
	}
	return -ENOTTY;
}

/*
 * The mapping goes away. When that is the owner's execve tearing down its
 * old memory (past the point of no return, whatever the new image is), the
 * shadow closes the descriptors the process marked close-on-exec: page 0's
 * exec_seq moves and the event channel tells it. A forked child's copy of
 * the mapping, or an exit, or a munmap, changes nothing.
 */
static void area_vma_close(struct vm_area_struct *vma)
{
	struct virtuos_area *area = vma->vm_private_data;
	struct virtuos_area_dir *dir = page_address(area->pages[0]);

	if (!current->in_execve || vma->vm_mm == current->mm ||
	    area->tgid != task_tgid_nr(current) || READ_ONCE(area->dead))
		return;
	WRITE_ONCE(dir->exec_seq, READ_ONCE(dir->exec_seq) + 1);
	/* exec_seq before the event that makes the shadow look at it */
	smp_wmb();
	notify_remote_via_irq(area->irq);
}

static const struct vm_operations_struct area_vm_ops = {
	.close = area_vma_close,
};

static int virtuos_dev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct virtuos_area *area = file_area(file);
	unsigned long i, addr;
	int err;

	if (!area)
		return -ENOTCONN;
	/*
	 * Only the process that attached (or its new image after execve):
	 * a descriptor passed on or inherited gives no access to the area.
	 */
	if (area->tgid != task_tgid_nr(current))
		return -EPERM;
	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != VIRTUOS_MAP_SIZE ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_ops = &area_vm_ops;
	vma->vm_private_data = area;
	for (i = 1, addr = vma->vm_start; i < VIRTUOS_AREA_PAGES;
	     i++, addr += PAGE_SIZE) {
		err = vm_insert_page(vma, addr, area->pages[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Takes @area off its link; with @detach, tells the companion to end the
 * shadow unless the domain is already gone.
 */
static void virtuos_area_forget(struct virtuos_area *area, bool detach)
{
	struct sd_link *link = area->link;
	struct virtuos_ctrl_msg msg = {
		.type = VIRTUOS_MSG_DETACH,
		.area_id = area->id,
	};

	spin_lock_irq(&link->areas_lock);
	list_del_init(&area->list);
	spin_unlock_irq(&link->areas_lock);
	if (detach && !READ_ONCE(area->dead))
		sd_link_send(link, area->connection, &msg);
}

/*
 * Sends DETACH for @area and waits, up to DETACH_TIMEOUT, until the
 * executor reports its shadow gone (the reply turns the area dead), so
 * that the shadow's descriptors are closed and its locks released before
 * the process's exit is reported to its parent. A domain that dies
 * meanwhile ends the wait too; a stuck one costs the time-out, once.
 */
static void area_detach(struct virtuos_area *area)
{
	struct virtuos_ctrl_msg msg = {
		.type = VIRTUOS_MSG_DETACH,
		.area_id = area->id,
	};
	bool listed;
	int err = -EIO;

	spin_lock_irq(&area->link->areas_lock);
	listed = !list_empty(&area->list);
	spin_unlock_irq(&area->link->areas_lock);
	if (!READ_ONCE(area->dead) && listed)
		err = sd_link_send(area->link, area->connection, &msg);
	if (!err && !wait_event_timeout(area->wq, READ_ONCE(area->dead),
					DETACH_TIMEOUT))
		pr_info_ratelimited("area %u: no word of its shadow's end after %u ms\n",
				    area->id, jiffies_to_msecs(DETACH_TIMEOUT));
}

static int virtuos_dev_release(struct inode *inode, struct file *file)
{
	struct virtuos_area *area = file_area(file);
	unsigned int i;

	if (!area)
		return 0;
	mutex_lock(&area->notify_lock);
	for (i = 0; i < VIRTUOS_AREA_SLOTS; i++)
		area_notify_clear(area, i);
	mutex_unlock(&area->notify_lock);
	area_detach(area);
	virtuos_area_forget(area, false);
	area_free(area);
	return 0;
}

/* misc_open() leaves the miscdevice in private_data: no area yet. */
static int virtuos_dev_open(struct inode *inode, struct file *file)
{
	file->private_data = NULL;
	return 0;
}

static const struct file_operations virtuos_dev_fops = {
	.owner = THIS_MODULE,
	.open = virtuos_dev_open,
	.unlocked_ioctl = virtuos_dev_ioctl,
	.mmap = virtuos_dev_mmap,
	.release = virtuos_dev_release,
	.llseek = noop_llseek,
};

static struct miscdevice virtuos_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "virtuos",
	.fops = &virtuos_dev_fops,
	.mode = 0666,
};

/**
 * virtuos_areas_kill() - the domain behind @link is gone or closed
 * @link: the connection, under virtuos_links_lock.
 *
 * Every area on it turns dead: pending and later calls fail with EIO,
 * pending attaches too. The areas are freed when their files close.
 */
void virtuos_areas_kill(struct sd_link *link)
{
	struct virtuos_area *area, *next;
	unsigned long flags;

	spin_lock_irqsave(&link->areas_lock, flags);
	list_for_each_entry_safe(area, next, &link->areas, list) {
		WRITE_ONCE(area->dead, true);
		WRITE_ONCE(area_ctl(area)->dead, 1);
		if (READ_ONCE(area->status) == 1)
			WRITE_ONCE(area->status, -EIO);
		list_del_init(&area->list);
		wake_up_all(&area->wq);
	}
	spin_unlock_irqrestore(&link->areas_lock, flags);
}

/**
 * virtuos_area_replied() - the companion answered an ATTACH, or reports
 *	that the shadow of an attached area died (a negative status), or
 *	that the executor and all shadows did (VIRTUOS_AREA_ALL)
 * @link: the connection (irq context).
 * @reply: a copy of the reply (untrusted).
 *
 * Return: whether the reply changed an area: answered a pending ATTACH,
 * or turned a live area dead. One that names no such area (a late or
 * repeated reply, or one made up) changes nothing.
 */
bool virtuos_area_replied(struct sd_link *link,
			  const struct virtuos_ctrl_reply *reply)
{
	struct virtuos_area *area;
	unsigned long flags;
	bool changed = false;

	spin_lock_irqsave(&link->areas_lock, flags);
	list_for_each_entry(area, &link->areas, list) {
		if (reply->area_id == VIRTUOS_AREA_ALL) {
			/* The executor is gone, with every shadow. */
			if (reply->status >= 0)
				break;
			if (READ_ONCE(area->status) == 1)
				WRITE_ONCE(area->status, -EIO);
			changed |= !READ_ONCE(area->dead);
			WRITE_ONCE(area->dead, true);
			WRITE_ONCE(area_ctl(area)->dead, 1);
			wake_up_all(&area->wq);
			continue;
		}
		if (area->id != reply->area_id)
			continue;
		if (READ_ONCE(area->status) == 1) {
			WRITE_ONCE(area->status, reply->status > 0 ||
				   reply->status < -MAX_ERRNO ?
				   -EPROTO : reply->status);
			changed = true;
		} else if (reply->status < 0) {
			/* The shadow of an attached area died. */
			changed = !READ_ONCE(area->dead);
			WRITE_ONCE(area->dead, true);
			WRITE_ONCE(area_ctl(area)->dead, 1);
		}
		wake_up_all(&area->wq);
		break;
	}
	spin_unlock_irqrestore(&link->areas_lock, flags);
	return changed;
}

int virtuos_client_init(void)
{
	return misc_register(&virtuos_dev);
}

void virtuos_client_exit(void)
{
	misc_deregister(&virtuos_dev);
}
