/*
 * Checks of what a service domain answered, before the library hands it to
 * the program: a reply is untrusted input. Plain C without musl's
 * internals, so the host unit tests compile this file as it is.
 */
#include <stddef.h>
#include <string.h>

/* getdents64: records that tile the len bytes exactly, each 8-byte
 * aligned, long enough for its header and a name ended within it. */
int __virtuos_dirents_ok(const char *buf, long len)
{
	const long header = 19;	/* d_ino, d_off, d_reclen, d_type */
	unsigned short reclen;
	long off = 0;

	while (off < len) {
		if (len - off < header + 1)
			return 0;
		memcpy(&reclen, buf + off + 16, sizeof reclen);
		if (reclen < header + 1 || reclen % 8 || reclen > len - off ||
		    !memchr(buf + off + header, '\0', reclen - header))
			return 0;
		off += reclen;
	}
	return off == len;
}

/* A path or name the domain wrote into size bytes: ended within them. */
int __virtuos_string_ok(const char *s, long size)
{
	return size > 0 && memchr(s, '\0', size) != NULL;
}
