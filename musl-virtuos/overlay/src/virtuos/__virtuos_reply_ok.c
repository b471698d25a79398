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

/*
 * recvmsg's control data, as the kernel lays it out on x86_64: headers of
 * 16 bytes (an 8-byte length, level, type), each message 8-byte aligned,
 * every length at least a header and within the data. A network-domain
 * socket never carries descriptors or credentials (SOL_SOCKET's
 * SCM_RIGHTS, SCM_CREDENTIALS): such a message can only be made up, and
 * the numbers in it would name the program's own descriptors.
 */
int __virtuos_cmsgs_ok(const char *buf, long len)
{
	const long header = 16;
	unsigned long clen;
	int level, type;
	long off = 0;

	while (off < len) {
		if (len - off < header)
			return 0;
		memcpy(&clen, buf + off, sizeof clen);
		memcpy(&level, buf + off + 8, sizeof level);
		memcpy(&type, buf + off + 12, sizeof type);
		if (clen < (unsigned long)header ||
		    clen > (unsigned long)(len - off))
			return 0;
		if (level == 1 && (type == 1 || type == 2))
			return 0;	/* SOL_SOCKET: SCM_RIGHTS, _CREDENTIALS */
		off += (clen + 7) & ~7UL;
	}
	return 1;
}

/* inotify read: whole events (16-byte headers: wd, mask, cookie, len;
 * then len bytes of name, ended within them) that tile the len bytes. */
int __virtuos_inotify_events_ok(const char *buf, long len)
{
	long off = 0;
	unsigned name_len;

	while (off < len) {
		if (len - off < 16)
			return 0;
		memcpy(&name_len, buf + off + 12, sizeof name_len);
		if (name_len > (unsigned long)(len - off - 16))
			return 0;
		if (name_len && !memchr(buf + off + 16, 0, name_len))
			return 0;
		off += 16 + name_len;
	}
	return 1;
}

/* A fanotify info record at @p of @len bytes (its header's length). */
static int fanotify_info_ok(const char *p, unsigned short len)
{
	unsigned handle_bytes;

	switch ((unsigned char)p[0]) {
	case 1: case 2: case 3: case 10: case 12:
		/* header, fsid, struct file_handle, name for 2, 10, 12 */
		if (len < 20)
			return 0;
		memcpy(&handle_bytes, p + 12, sizeof handle_bytes);
		if (handle_bytes > len - 20u)
			return 0;
		if (p[0] == 1 || p[0] == 3)
			return 1;
		return memchr(p + 20 + handle_bytes, '\0',
		              len - 20 - handle_bytes) != NULL;
	case 5:		/* FAN_FS_ERROR: error, count */
		return len >= 12;
	}
	return 0;	/* a pidfd, or nothing this kernel sends */
}

/* fanotify read: events (a metadata of at least 24 bytes, then info
 * records that tile the rest of the event) that tile the len bytes. */
int __virtuos_fanotify_events_ok(const char *buf, long len)
{
	unsigned event_len;
	unsigned short meta_len, info_len;
	long off = 0, at, end;

	while (off < len) {
		if (len - off < 24)
			return 0;
		memcpy(&event_len, buf + off, sizeof event_len);
		memcpy(&meta_len, buf + off + 6, sizeof meta_len);
		if (meta_len < 24 || event_len < meta_len ||
		    event_len > (unsigned long)(len - off))
			return 0;
		end = off + event_len;
		for (at = off + meta_len; at < end; at += info_len) {
			if (end - at < 4)
				return 0;
			memcpy(&info_len, buf + at + 2, sizeof info_len);
			if (info_len < 4 || info_len > end - at ||
			    !fanotify_info_ok(buf + at, info_len))
				return 0;
		}
		off = end;
	}
	return 1;
}
