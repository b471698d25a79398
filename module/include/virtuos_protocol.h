/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * VirtuOS shared-memory and rendezvous protocol.
 *
 * The one header that the primary-domain module, the service-domain
 * companion module and the user library all include. Everything a peer
 * writes here (xenstore values, shared-page fields) is untrusted input to the
 * side that reads it. Documentation/protocol.rst describes it in prose.
 */
#ifndef VIRTUOS_PROTOCOL_H
#define VIRTUOS_PROTOCOL_H

#include <linux/types.h>

/* Protocol versions each side of this build speaks. */
#define VIRTUOS_PROTOCOL_MIN	1
#define VIRTUOS_PROTOCOL_MAX	1

/*
 * Rendezvous directory, relative to the service domain's xenstore home
 * (/local/domain/<sd-domid>/). The toolstack makes "data" writable by the
 * guest; dom0 can write anywhere, so both sides meet there.
 */
#define VIRTUOS_XS_DIR			"data/virtuos"

/* Keys the service domain writes (under VIRTUOS_XS_DIR). */
#define VIRTUOS_XS_SD_STATE		"sd-state"
#define VIRTUOS_XS_SD_SESSION		"sd-session"
#define VIRTUOS_XS_SD_PROTOCOL_MIN	"sd-protocol-min"
#define VIRTUOS_XS_SD_PROTOCOL_MAX	"sd-protocol-max"

/* Keys the primary writes (under VIRTUOS_XS_DIR). */
#define VIRTUOS_XS_PRIMARY_STATE	"primary-state"
#define VIRTUOS_XS_PRIMARY_SESSION	"primary-session"
#define VIRTUOS_XS_PRIMARY_DOMID	"primary-domid"
#define VIRTUOS_XS_PRIMARY_PROTOCOL	"primary-protocol"
#define VIRTUOS_XS_PRIMARY_RING_REF	"primary-ring-ref"
#define VIRTUOS_XS_PRIMARY_EVTCHN	"primary-event-channel"

/*
 * States are the numbers of enum xenbus_state (xen/interface/io/xenbus.h),
 * written in decimal, so xenstore-ls output reads like any split driver's.
 */
#define VIRTUOS_STATE_INIT_WAIT		2
#define VIRTUOS_STATE_INITIALISED	3
#define VIRTUOS_STATE_CONNECTED		4
#define VIRTUOS_STATE_CLOSING		5
#define VIRTUOS_STATE_CLOSED		6

/* Longest service-domain name shown by the primary (without the NUL). */
#define VIRTUOS_NAME_MAX		31

#define VIRTUOS_CTRL_MAGIC		0x56495254u	/* "VIRT" */

/**
 * struct virtuos_ctrl_page - the control page of one connection
 * @magic:	VIRTUOS_CTRL_MAGIC, written by the primary before it offers
 *		the page.
 * @protocol:	the negotiated protocol version, written by the primary.
 * @session:	the service domain's session number this page was offered
 *		for, written by the primary.
 * @reserved:	zero.
 * @ping:	incremented by the primary before it notifies the event
 *		channel to check the connection.
 * @pong:	the service domain copies the last @ping it saw here, then
 *		notifies back.
 *
 * The primary allocates and grants this page to the service domain, which
 * maps it. It is the place later protocol versions hang the per-process
 * registration queue on; it fits in one 4 KiB page.
 */
struct virtuos_ctrl_page {
	__u32 magic;
	__u32 protocol;
	__u32 session;
	__u32 reserved;
	__u64 ping;
	__u64 pong;
};

/**
 * virtuos_protocol_choose() - pick the version both sides speak
 * @peer_min: lowest version the peer says it speaks (untrusted).
 * @peer_max: highest version the peer says it speaks (untrusted).
 *
 * Return: the highest common version, or 0 if there is none.
 */
static inline unsigned int virtuos_protocol_choose(unsigned int peer_min,
						   unsigned int peer_max)
{
	unsigned int hi = peer_max < VIRTUOS_PROTOCOL_MAX ?
			  peer_max : VIRTUOS_PROTOCOL_MAX;
	unsigned int lo = peer_min > VIRTUOS_PROTOCOL_MIN ?
			  peer_min : VIRTUOS_PROTOCOL_MIN;

	return (peer_min <= peer_max && lo <= hi) ? hi : 0;
}

/**
 * virtuos_name_valid() - whether a service-domain name may be shown
 * @name: NUL-terminated name, from xenstore.
 *
 * Names become sysfs directory names: only [A-Za-z0-9_.-], 1 to
 * VIRTUOS_NAME_MAX characters, not "." or "..".
 *
 * Return: 1 if valid, 0 otherwise.
 */
static inline int virtuos_name_valid(const char *name)
{
	unsigned int i;

	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= VIRTUOS_NAME_MAX)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return 0;
	}
	if (i == 0 || (name[0] == '.' && (i == 1 || (i == 2 && name[1] == '.'))))
		return 0;
	return 1;
}

#endif /* VIRTUOS_PROTOCOL_H */
