#include <errno.h>
#include "virtuos_impl.h"

/* The route column of the call specification, indexed by number; numbers
 * without a row are local (the table is zero there). */

#define VIRTUOS_ROUTE_LOCAL		{ VIRTUOS_BY_LOCAL, 0, -1, 0 }
#define VIRTUOS_ROUTE_FD		{ VIRTUOS_BY_FD, 0, -1, 0 }
#define VIRTUOS_ROUTE_PATH(i, j)	{ VIRTUOS_BY_PATH, i, j, 0 }
#define VIRTUOS_ROUTE_AT(i, j)		{ VIRTUOS_BY_AT, i, j, 0 }
#define VIRTUOS_ROUTE_SOCK		{ VIRTUOS_BY_SOCK, 0, -1, 0 }
#define VIRTUOS_ROUTE_SPECIAL		{ VIRTUOS_BY_SPECIAL, 0, -1, 0 }
#define VIRTUOS_ROUTE_NOFD(i, j, e)	{ VIRTUOS_NO_FD, i, j, e }
#define VIRTUOS_ROUTE_NOPATH(i, j, e)	{ VIRTUOS_NO_PATH, i, j, e }
#define VIRTUOS_ROUTE_NOAT(i, j, e)	{ VIRTUOS_NO_AT, i, j, e }

const struct virtuos_route __virtuos_routes[VIRTUOS_NR_ROUTES] = {
#define VIRTUOS_CALL(nr, name, route, serves, shape, note) \
	[nr] = VIRTUOS_ROUTE_##route,
#define VIRTUOS_OWN_CALL(nr, name, serves, shape, note)
#include "virtuos_call_spec.h"
};
