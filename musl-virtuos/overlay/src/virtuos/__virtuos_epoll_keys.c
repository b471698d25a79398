/*
 * Keys of remote epoll members. A member of an epoll set that lives in a
 * service domain is registered there with a key instead of the caller's
 * data: the key names an entry here, which holds the set, the descriptor
 * and the caller's data. epoll_wait turns each key back into the data,
 * and refuses a key that names no entry of that set, so a service domain
 * cannot hand the program data it made up (a pointer, say). Plain C
 * without musl's internals, so the host unit tests compile this file as
 * it is.
 *
 * A descriptor's first registration takes the entry of its number; one
 * in a second set at the same time takes a spare entry. An entry lives
 * until EPOLL_CTL_DEL or until the set is closed, as the registration
 * does in the domain's kernel until its file is released.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#define KEY_FDS 4096		/* VIRTUOS_MAX_FDS */
#define KEY_SPARE 1024
#define KEY_ENTRIES (KEY_FDS + KEY_SPARE)
#define KEY_EVENT_SIZE 12	/* struct epoll_event: events, then data */

struct epoll_key {
	int set1;		/* the set's descriptor + 1; 0: free */
	int fd;
	uint64_t data;
	uint32_t events;	/* as the caller asked */
};

static struct epoll_key epoll_keys[KEY_ENTRIES];

/* The entry of member fd of set, or -1. */
int __virtuos_epoll_key_find(long set, long fd)
{
	int i;

	if (fd < 0 || fd >= KEY_FDS)
		return -1;
	if (epoll_keys[fd].set1 == set + 1 && epoll_keys[fd].fd == fd)
		return fd;
	for (i = KEY_FDS; i < KEY_ENTRIES; i++)
		if (epoll_keys[i].set1 == set + 1 && epoll_keys[i].fd == fd)
			return i;
	return -1;
}

/* A new entry for member fd of set (which has none), or -ENOSPC. */
int __virtuos_epoll_key_new(long set, long fd)
{
	int i = fd;

	if (fd < 0 || fd >= KEY_FDS || set < 0 || set >= KEY_FDS)
		return -EBADF;
	if (epoll_keys[i].set1)
		for (i = KEY_FDS; i < KEY_ENTRIES && epoll_keys[i].set1; i++)
			;
	if (i == KEY_ENTRIES)
		return -ENOSPC;
	epoll_keys[i].set1 = set + 1;
	epoll_keys[i].fd = fd;
	epoll_keys[i].data = 0;
	return i;
}

/* What the domain's epoll instance holds as the member's data. */
uint64_t __virtuos_epoll_key(int i)
{
	return (uint64_t)(uint32_t)epoll_keys[i].fd << 32 | (uint32_t)(i + 1);
}

void __virtuos_epoll_key_set_data(int i, uint32_t events, uint64_t data)
{
	epoll_keys[i].events = events;
	epoll_keys[i].data = data;
}

/* The first entry of set from entry i on, with its member and events; -1
 * when there is none. */
int __virtuos_epoll_key_next(long set, int i, int *fd, uint32_t *events)
{
	for (; i >= 0 && i < KEY_ENTRIES; i++)
		if (epoll_keys[i].set1 == set + 1) {
			*fd = epoll_keys[i].fd;
			*events = epoll_keys[i].events;
			return i;
		}
	return -1;
}

uint64_t __virtuos_epoll_key_data(int i)
{
	return epoll_keys[i].data;
}

void __virtuos_epoll_key_free(int i)
{
	epoll_keys[i].set1 = 0;
}

/* Set set is closed: its entries are free. */
void __virtuos_epoll_keys_free_set(long set)
{
	int i;

	for (i = 0; i < KEY_ENTRIES; i++)
		if (epoll_keys[i].set1 == set + 1)
			epoll_keys[i].set1 = 0;
}

/* Turns the keys of n events that set's domain instance reported into
 * the members' data, in place. 0, or -EIO when a key names no member of
 * the set: then no event is left with a key in it. */
int __virtuos_epoll_keys_take(long set, char *events, long n)
{
	uint64_t key;
	uint32_t i;
	long k;

	for (k = 0; k < n; k++) {
		memcpy(&key, events + k * KEY_EVENT_SIZE + 4, sizeof key);
		i = (uint32_t)key - 1;
		if (i >= KEY_ENTRIES || epoll_keys[i].set1 != set + 1 ||
		    epoll_keys[i].fd != (int)(key >> 32)) {
			memset(events, 0, n * KEY_EVENT_SIZE);
			return -EIO;
		}
		memcpy(events + k * KEY_EVENT_SIZE + 4, &epoll_keys[i].data,
		       sizeof key);
	}
	return 0;
}
