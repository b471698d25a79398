// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the protocol header's pure functions: version
 * negotiation and the service-domain name check, both fed values a
 * hostile peer could write into xenstore.
 *
 *   protocol --facts    the sizes and offsets Documentation/protocol.rst
 *                       states (tools/tests/protocol-doc.sh compares)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "virtuos_protocol.h"
#include "virtuos_calls.h"

#define SIZE(s)		printf("size %s %zu\n", #s, sizeof(struct s))
#define OFFSET(s, f)	printf("offset %s %s %zu\n", #s, #f, offsetof(struct s, f))
#define VALUE(v)	printf("value %s %ld\n", #v, (long)(v))

static void print_facts(void)
{
	SIZE(virtuos_ctrl_page);
	OFFSET(virtuos_ctrl_page, msgs);
	OFFSET(virtuos_ctrl_page, replies);
	SIZE(virtuos_ctrl_msg);
	SIZE(virtuos_ctrl_reply);
	SIZE(virtuos_area_dir);
	OFFSET(virtuos_area_dir, creds);
	OFFSET(virtuos_area_dir, fork_tokens);
	SIZE(virtuos_creds);
	SIZE(virtuos_area_ctl);
	OFFSET(virtuos_area_ctl, calls_hash);
	OFFSET(virtuos_area_ctl, doorbell);
	OFFSET(virtuos_area_ctl, slots);
	SIZE(virtuos_slot);
	SIZE(virtuos_executor_msg);
	SIZE(virtuos_msg);
	VALUE(VIRTUOS_MAP_SIZE);
	VALUE(VIRTUOS_FIEMAP_SIZE);
}

int main(int argc, char **argv)
{
	char longname[VIRTUOS_NAME_MAX + 2];

	if (argc == 2 && !strcmp(argv[1], "--facts")) {
		print_facts();
		return 0;
	}

	tap_plan(20);
	tap_ok(virtuos_protocol_choose(1, 1) == 1, "same range gives 1");
	tap_ok(virtuos_protocol_choose(0, 5) == VIRTUOS_PROTOCOL_MAX,
	       "wider peer range gives our highest");
	tap_ok(virtuos_protocol_choose(2, 9) == 0, "peer only newer: no version");
	tap_ok(virtuos_protocol_choose(0, 0) == 0, "peer only older: no version");
	tap_ok(virtuos_protocol_choose(5, 1) == 0, "inverted range rejected");
	tap_ok(virtuos_protocol_choose(0xffffffffu, 0xffffffffu) == 0,
	       "huge values rejected");
	tap_ok(sizeof(struct virtuos_ctrl_page) <= VIRTUOS_PAGE_SIZE,
	       "control page fits a page (%zu bytes)",
	       sizeof(struct virtuos_ctrl_page));
	tap_ok(sizeof(struct virtuos_slot) == 128, "a slot is 128 bytes");
	tap_ok(sizeof(struct virtuos_msg) == VIRTUOS_MSG_SIZE &&
	       offsetof(struct virtuos_msg, control) % 8 == 0,
	       "struct virtuos_msg is 1168 bytes, control data 8-aligned");
	tap_ok(sizeof(struct virtuos_area_ctl) <= VIRTUOS_PAGE_SIZE,
	       "area control page fits a page (%zu bytes)",
	       sizeof(struct virtuos_area_ctl));
	tap_ok(sizeof(struct virtuos_area_dir) <= VIRTUOS_PAGE_SIZE,
	       "grant directory fits a page (%zu bytes)",
	       sizeof(struct virtuos_area_dir));
	tap_ok(VIRTUOS_SLOT_DATA_OFFSET(VIRTUOS_AREA_SLOTS) == VIRTUOS_MAP_SIZE,
	       "the last slot's data window ends where the mapping ends");

	tap_ok(virtuos_name_valid("storage"), "storage is a valid name");
	tap_ok(virtuos_name_valid("net-0.a_b"), "dashes, dots, underscores");
	tap_ok(!virtuos_name_valid(""), "empty name rejected");
	tap_ok(!virtuos_name_valid("."), "dot rejected");
	tap_ok(!virtuos_name_valid(".."), "dot-dot rejected");
	tap_ok(!virtuos_name_valid("a/b"), "slash rejected");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	tap_ok(!virtuos_name_valid(longname), "%d characters rejected",
	       VIRTUOS_NAME_MAX + 1);
	longname[VIRTUOS_NAME_MAX] = '\0';
	tap_ok(virtuos_name_valid(longname), "%d characters accepted",
	       VIRTUOS_NAME_MAX);
	return tap_finish();
}
