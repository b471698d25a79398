// SPDX-License-Identifier: GPL-2.0
/*
 * VirtuOS primary module: interrupts a service domain sends for nothing.
 *
 * Every event channel of the module is bound with a late EOI: until the
 * handler ends the interrupt, the channel stays masked. A handler that
 * found nothing to do (a spurious interrupt: no reply that changed an
 * area, no slot done that someone waits for) lets the first two in a row
 * go at once, as Xen's own late-EOI handling does; from the third on, it
 * ends the interrupt only after a delay that doubles, from one jiffy up
 * to a second, and falls back to nothing with the first useful one. A
 * domain that notifies without end costs the primary about one interrupt
 * a second per channel. (Xen's handling alone does not get there: its
 * delayed EOI clears its count of spurious interrupts, so it holds a
 * flooded channel to about two interrupts per jiffy.)
 */
#include <linux/interrupt.h>
#include <linux/minmax.h>
#include <linux/workqueue.h>
#include <xen/events.h>

#include "primary.h"

#define THROTTLE_FREE		2	/* spurious in a row ended at once */
#define THROTTLE_MAX_SHIFT	8	/* 256 jiffies: more than a second */

static void evtchn_throttle_work(struct work_struct *work)
{
	struct evtchn_throttle *t =
		container_of(to_delayed_work(work), struct evtchn_throttle,
			     eoi);

	xen_irq_lateeoi(t->irq, XEN_EOI_FLAG_SPURIOUS);
}

/**
 * evtchn_throttle_init() - prepares @t for a channel about to be bound
 * @t: the channel's throttle.
 */
void evtchn_throttle_init(struct evtchn_throttle *t)
{
	t->irq = -1;
	t->spurious = 0;
	t->stopping = false;
	INIT_DELAYED_WORK(&t->eoi, evtchn_throttle_work);
}

/**
 * evtchn_throttle_eoi() - ends an interrupt of a late-EOI channel, at once
 *	or, after spurious ones in a row, with a growing delay
 * @t: the channel's throttle.
 * @irq: the interrupt being handled.
 * @useful: whether the handler found something to do.
 *
 * Called at the end of the channel's handler, instead of xen_irq_lateeoi().
 */
void evtchn_throttle_eoi(struct evtchn_throttle *t, int irq, bool useful)
{
	unsigned int shift;

	if (useful)
		t->spurious = 0;
	else if (t->spurious < THROTTLE_FREE + THROTTLE_MAX_SHIFT + 1)
		t->spurious++;
	if (useful || t->spurious <= THROTTLE_FREE || READ_ONCE(t->stopping)) {
		xen_irq_lateeoi(irq, useful ? 0 : XEN_EOI_FLAG_SPURIOUS);
		return;
	}
	/* The channel stays masked: no other handler runs until the work. */
	t->irq = irq;
	shift = t->spurious - THROTTLE_FREE - 1;
	schedule_delayed_work(&t->eoi, min(1UL << shift, (unsigned long)HZ));
}

/**
 * evtchn_throttle_stop() - no delayed EOI is pending or will be, before
 *	the channel's interrupt is unbound
 * @t: the channel's throttle.
 * @irq: its interrupt.
 *
 * May sleep.
 */
void evtchn_throttle_stop(struct evtchn_throttle *t, int irq)
{
	WRITE_ONCE(t->stopping, true);
	synchronize_irq(irq);
	cancel_delayed_work_sync(&t->eoi);
}
