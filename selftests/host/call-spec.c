// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side test of the call specification (module/include/
 * virtuos_call_spec.h): every system call of the kernel's x86_64 table
 * has exactly one row, under its own number and name; the rows are
 * sorted; each route agrees with the shape that crosses (a routed path is
 * a PATH argument of a call the storage role serves; a refusal has an
 * errno and never crosses); every row that is not forwarded as it is
 * says why.
 *
 *   call-spec            the test (TAP)
 *   call-spec --rst      the tables of Documentation/calls.rst
 *                        (tools/tests/call-table.sh compares them)
 */
#define _GNU_SOURCE
#include <asm/unistd_64.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "virtuos_calls.h"

#define UNISTD_64 "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"

enum how { LOCAL, FD, PATH, AT, SOCK, SPECIAL, NOFD, NOPATH, NOAT };

struct row {
	int nr;
	const char *name;
	enum how how;
	int i, j, err;
	const char *err_name;
	const char *route;
	int roles;
	const char *note;
};

#define R_LOCAL			LOCAL, -1, -1, 0, ""
#define R_FD			FD, 0, -1, 0, ""
#define R_PATH(i, j)		PATH, i, j, 0, ""
#define R_AT(i, j)		AT, i, j, 0, ""
#define R_SOCK			SOCK, 0, -1, 0, ""
#define R_SPECIAL		SPECIAL, -1, -1, 0, ""
#define R_NOFD(i, j, e)		NOFD, i, j, e, #e
#define R_NOPATH(i, j, e)	NOPATH, i, j, e, #e
#define R_NOAT(i, j, e)		NOAT, i, j, e, #e
#define ROLES_NONE		0
#define ROLES_STORAGE		VIRTUOS_ROLE_STORAGE
#define ROLES_NETWORK		VIRTUOS_ROLE_NETWORK
#define ROLES_BOTH		(VIRTUOS_ROLE_STORAGE | VIRTUOS_ROLE_NETWORK)

static const struct row rows[] = {
#define VIRTUOS_CALL(nr, name, route, serves, shape, note) \
	{ nr, #name, R_##route, #route, ROLES_##serves, note },
#define VIRTUOS_OWN_CALL(nr, name, serves, shape, note)
#include "virtuos_call_spec.h"
#undef VIRTUOS_CALL
#undef VIRTUOS_OWN_CALL
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Each row's number is the kernel's number of its name. */
#define VIRTUOS_CALL(nr, name, route, serves, shape, note) \
	_Static_assert(nr == __NR_##name, #name " is not call " #nr);
#define VIRTUOS_OWN_CALL(nr, name, serves, shape, note) \
	_Static_assert(nr >= 1000, #name " is not above Linux's calls");
#include "virtuos_call_spec.h"
#undef VIRTUOS_CALL
#undef VIRTUOS_OWN_CALL

static const struct row *row_of(long nr)
{
	unsigned int k;

	for (k = 0; k < NROWS; k++)
		if (rows[k].nr == nr)
			return &rows[k];
	return NULL;
}

static int is_path_arg(const struct virtuos_call *c, int i)
{
	return i >= 0 && i < 6 &&
	       VIRTUOS_ARG_KIND(c->args[i].kind) == VIRTUOS_ARG_PATH;
}

/* What is wrong with row @r, or NULL. */
static const char *row_problem(const struct row *r)
{
	const struct virtuos_call *c = virtuos_call_find(r->nr);

	if (!!c != !!r->roles || (c && c->roles != r->roles))
		return "its roles and the shape table disagree";
	switch (r->how) {
	case PATH:
	case AT:
		if (!c || !(r->roles & VIRTUOS_ROLE_STORAGE))
			return "a routed path that the storage role does not serve";
		if (!is_path_arg(c, r->i) || (r->j >= 0 && !is_path_arg(c, r->j)))
			return "its path arguments are not PATH in its shape";
		if (r->how == AT && (r->i < 1 ||
		    VIRTUOS_ARG_KIND(c->args[r->i - 1].kind) != VIRTUOS_ARG_DIRFD))
			return "no DIRFD before its path";
		break;
	case NOFD:
	case NOPATH:
	case NOAT:
		if (r->roles)
			return "refused, yet some role serves it";
		if (r->err <= 0 || r->err > 255 || r->i < 0 || r->i > 5 ||
		    r->j > 5)
			return "a refusal without an errno or with bad arguments";
		if (!r->note[0])
			return "a refusal that does not say why";
		break;
	case LOCAL:
	case SPECIAL:
		if (!r->note[0])
			return "not forwarded as it is, and the note does not say why";
		break;
	case FD:
	case SOCK:
		if (!r->roles && !r->note[0])
			return "routed by descriptor, never crossing, and no note";
		break;
	}
	return NULL;
}

/* The local calls, one line per reason. */
static void print_local(void)
{
	unsigned int k, m, first;

	for (k = 0; k < NROWS; k++) {
		if (rows[k].how != LOCAL)
			continue;
		for (m = 0; m < k; m++)
			if (rows[m].how == LOCAL &&
			    !strcmp(rows[m].note, rows[k].note))
				break;
		if (m < k)
			continue;	/* printed with its first */
		printf("- %s:", rows[k].note);
		for (m = k, first = 1; m < NROWS; m++) {
			if (rows[m].how != LOCAL || strcmp(rows[m].note, rows[k].note))
				continue;
			printf("%s ``%s``", first ? "" : ",", rows[m].name);
			first = 0;
		}
		printf("\n");
	}
	printf("\n");
}

static void print_rst(void)
{
	static const char *const heads[] = {
		[FD] = "Forwarded: the descriptor decides",
		[PATH] = "Forwarded: the path decides",
		[SOCK] = "Forwarded: network domain sockets",
		[SPECIAL] = "Emulated by the library",
		[NOFD] = "Refused on remote descriptors and paths",
		[LOCAL] = "Local: the primary's kernel answers",
	};
	static const enum how order[] = { FD, PATH, SOCK, SPECIAL, NOFD, LOCAL };
	unsigned int o, k, n;

	for (o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
		enum how h = order[o];

		for (n = 0, k = 0; k < NROWS; k++) {
			enum how rh = rows[k].how;

			rh = rh == AT ? PATH : rh == NOPATH || rh == NOAT ? NOFD : rh;
			n += rh == h;
		}
		printf("%s (%u)\n", heads[h], n);
		for (k = strlen(heads[h]) + 4 + (n > 9) + (n > 99); k; k--)
			putchar('~');
		printf("\n\n");
		if (h == LOCAL) {
			print_local();
			continue;
		}
		for (k = 0; k < NROWS; k++) {
			const struct row *r = &rows[k];
			enum how rh = r->how;

			rh = rh == AT ? PATH : rh == NOPATH || rh == NOAT ? NOFD : rh;
			if (rh != h)
				continue;
			printf("- ``%s`` (%d)", r->name, r->nr);
			if (r->roles)
				printf(", %s",
				       r->roles == VIRTUOS_ROLE_STORAGE ? "storage" :
				       r->roles == VIRTUOS_ROLE_NETWORK ? "network" :
				       "both roles");
			if (h == NOFD)
				printf(": ``%s``", r->err_name);
			if (r->note[0])
				printf("%s %s", h == NOFD ? "," : ":", r->note);
			printf("\n");
		}
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	char line[256], name[64];
	unsigned int k, sorted = 1, missing = 0, kernel_calls = 0, bad = 0;
	long nr;
	FILE *f;

	if (argc == 2 && !strcmp(argv[1], "--rst")) {
		print_rst();
		return 0;
	}
	tap_plan(4);
	for (k = 1; k < NROWS; k++)
		if (rows[k - 1].nr >= rows[k].nr)
			sorted = 0;
	tap_ok(sorted, "the %zu rows are sorted by number, none twice", NROWS);

	f = fopen(UNISTD_64, "r");
	if (!f) {
		tap_ok(0, "the kernel's call table: cannot open " UNISTD_64);
	} else {
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "#define __NR_%63s %ld", name, &nr) != 2)
				continue;
			kernel_calls++;
			if (!row_of(nr)) {
				printf("# unclassified: %s (%ld)\n", name, nr);
				missing++;
			}
		}
		fclose(f);
		tap_ok(!missing && kernel_calls == NROWS,
		       "each of the kernel's %u x86_64 calls has a row (%u without)",
		       kernel_calls, missing);
	}

	for (k = 0; k < NROWS; k++) {
		const char *why = row_problem(&rows[k]);

		if (why) {
			printf("# %s (%d): %s\n", rows[k].name, rows[k].nr, why);
			bad++;
		}
	}
	tap_ok(!bad, "every row's route agrees with its shape and says why (%u do not)",
	       bad);

	for (k = 0, bad = 0; k < VIRTUOS_NR_CALLS; k++)
		if (virtuos_calls[k].nr < 1000 && !row_of(virtuos_calls[k].nr))
			bad++;
	tap_ok(!bad, "every forwarded call is a row of the specification (%u not)",
	       bad);
	return tap_finish();
}
