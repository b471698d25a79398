// SPDX-License-Identifier: GPL-2.0
/* Writes N bytes of the pattern of 40-storage-files.c to standard output. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0, i;

	for (i = 0; i < n; i++)
		putchar((unsigned char)(i * 7 + i / 251));
	return 0;
}
