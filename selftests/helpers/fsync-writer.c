// SPDX-License-Identifier: GPL-2.0
/*
 * fsync-writer FILE STATE: appends numbered records to FILE (a /storage
 * file) for ever, each followed by fsync, and keeps in STATE (a file of
 * the primary) two numbers: how many records were acknowledged (written
 * and fsync'ed, records 0 to N-1) and how many calls failed. A failed
 * write or fsync closes FILE; the writer opens it again every 0.2 s until
 * it can, and writes the same record again (so a record may be found
 * twice, never missing once acknowledged).
 *
 * A record is one line of FSYNC_RECORD bytes: "R", its number in 8
 * digits, and that number 12 times more, so a torn one is recognised.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FSYNC_RECORD 108

static void save_state(int fd, long acked, long errors)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%ld %ld\n", acked, errors);

	if (pwrite(fd, line, n, 0) != n)
		perror("fsync-writer: state");
}

static void make_record(char *rec, long i)
{
	char num[9];
	int k;

	snprintf(num, sizeof(num), "%08ld", i % 100000000);
	rec[0] = 'R';
	rec[1] = ' ';
	memcpy(rec + 2, num, 8);
	rec[10] = ' ';
	for (k = 0; k < 12; k++)
		memcpy(rec + 11 + 8 * k, num, 8);
	rec[107] = '\n';
}

int main(int argc, char **argv)
{
	char rec[FSYNC_RECORD];
	long acked = 0, errors = 0;
	int fd = -1, state;

	if (argc != 3) {
		fprintf(stderr, "usage: fsync-writer FILE STATE\n");
		return 2;
	}
	state = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (state < 0) {
		perror("fsync-writer: state");
		return 1;
	}
	save_state(state, acked, errors);
	for (;;) {
		if (fd < 0) {
			fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
			if (fd < 0) {
				usleep(200000);
				continue;
			}
		}
		make_record(rec, acked);
		if (write(fd, rec, sizeof(rec)) == sizeof(rec) &&
		    fsync(fd) == 0) {
			acked++;
		} else {
			errors++;
			close(fd);
			fd = -1;
		}
		save_state(state, acked, errors);
	}
}
