// SPDX-License-Identifier: GPL-2.0
/*
 * Replays a fuzz target's corpus (seeds, and every input that once was a
 * finding) without a fuzzer: the host unit test that keeps each finding
 * fixed. Linked with one target; FUZZ_TARGET and CORPUS_DIR name it and
 * its corpus. Each input runs in a child process, so a finding (an abort,
 * a sanitizer report) fails that input and the rest still run.
 *
 * Usage: fuzz-TARGET [FILE...]   (no FILE: every input of CORPUS_DIR)
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "../tap.h"

#define INPUT_MAX (1 << 20)

/* Runs one input file in a child: 1 if it ran without a finding. */
static int replay(const char *path)
{
	static uint8_t buf[INPUT_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;
	pid_t pid;
	int status;

	if (!f) {
		tap_diag("%s: %s", path, strerror(errno));
		return 0;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		LLVMFuzzerTestOneInput(buf, n);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	tap_diag("%s: a finding (status %#x)", path, status);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char **names = NULL, path[4096];
	int n = 0, i, bad = 0;
	struct dirent *e;
	DIR *d;

	tap_plan(1);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			bad += !replay(argv[i]);
		tap_ok(!bad, "%s: %d inputs replayed, %d findings", FUZZ_TARGET,
		       argc - 1, bad);
		return bad != 0;
	}
	d = opendir(CORPUS_DIR);
	if (!d) {
		tap_ok(0, "%s: the corpus %s: %s", FUZZ_TARGET, CORPUS_DIR,
		       strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			abort();
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, names[i]);
		bad += !replay(path);
		free(names[i]);
	}
	free(names);
	tap_ok(n > 0 && !bad, "%s: %d inputs of its corpus replayed, %d findings",
	       FUZZ_TARGET, n, bad);
	return !(n > 0 && !bad);
}
