// SPDX-License-Identifier: GPL-2.0
/* Prints a greeting and its arguments, then exits with the status given as
 * its first argument: the harness test checks both cross the VM boundary.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int i;

	printf("hello from the primary domain");
	for (i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	return argc > 1 ? atoi(argv[1]) : 0;
}
