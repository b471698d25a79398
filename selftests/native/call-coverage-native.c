// SPDX-License-Identifier: GPL-2.0
/* call-coverage built with the host's C library: its calls stay in the
 * primary domain (58-storage-coverage.sh compares the two). */
#include "../helpers/call-coverage.c"
