#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include "syscall.h"
#include "virtuos_impl.h"

#define FLOCK_SIZE 32		/* struct flock */

static int is_array(int kind)
{
	kind = VIRTUOS_ARG_KIND(kind);
	return kind == VIRTUOS_ARG_INOUT_ARRAY || kind == VIRTUOS_ARG_OUT_ARRAY;
}

static int is_lock_cmd(long cmd)
{
	return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW ||
	       cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

/* Calls whose result counts the bytes of their input buffer (argument 1,
 * length argument 2) that went through. */
static int counts_input(long nr)
{
	return nr == SYS_write || nr == SYS_pwrite64 || nr == SYS_sendto ||
	       nr == VIRTUOS_CALL_SENDMSG;
}

/* An input buffer must be readable, any other writable. */
static int bad_buffer(int kind, long p, long len)
{
	if (VIRTUOS_ARG_KIND(kind) == VIRTUOS_ARG_IN)
		return __virtuos_bad_range(p, len);
	return __virtuos_bad_out(p, len);
}

long __virtuos_remote(struct virtuos_domain *d, long nr, const long *args)
{
	const struct virtuos_call *call = virtuos_call_find(nr);
	struct virtuos_area_ctl *ctl = d->ctl;
	char *map = (char *)ctl;
	long a[6], outoff[6], outlen[6], off, end, len, ret;
	int i, s;

	if (!call)
		return -ENOSYS;
	s = __virtuos_slot_claim(d);
	if (s < 0)
		return s;
	off = VIRTUOS_SLOT_DATA_OFFSET(s);
	end = off + VIRTUOS_SLOT_DATA;
	ret = 0;
	for (i = 0; i < 6; i++) {
		const struct virtuos_arg *k = &call->args[i];

		a[i] = args[i];
		outlen[i] = -1;
		if ((k->kind & VIRTUOS_ARG_MAY_BE_NULL) && !args[i])
			continue;	/* offset 0: NULL for the shadow */
		switch (VIRTUOS_ARG_KIND(k->kind)) {
		case VIRTUOS_ARG_PATH:
			len = __virtuos_user_strnlen((const char *)args[i],
			                             PATH_MAX);
			if (len < 0) {
				ret = -EFAULT;
				break;
			}
			if (len == PATH_MAX || off + len + 1 > end) {
				ret = -ENAMETOOLONG;
				break;
			}
			memcpy(map + off, (const char *)args[i], len + 1);
			a[i] = off;
			off += (len + 8) & ~7L;
			break;
		case VIRTUOS_ARG_IN:
		case VIRTUOS_ARG_OUT:
		case VIRTUOS_ARG_INOUT:
			len = k->size ? k->size : args[k->len];
			/* An output larger than the window (readlink, getcwd,
			 * getxattr with a big buffer) is asked for in full
			 * only as far as the window goes. */
			if (VIRTUOS_ARG_KIND(k->kind) == VIRTUOS_ARG_OUT &&
			    !k->size && len > end - off)
				len = a[k->len] = end - off;
			if (len < 0 || len > end - off) { ret = -EINVAL; break; }
			if (len && bad_buffer(k->kind, args[i], len)) {
				ret = -EFAULT;
				break;
			}
			if (VIRTUOS_ARG_KIND(k->kind) != VIRTUOS_ARG_OUT)
				memcpy(map + off, (const void *)args[i], len);
			if (VIRTUOS_ARG_KIND(k->kind) != VIRTUOS_ARG_IN)
				outoff[i] = off, outlen[i] = len;
			a[i] = off;
			off += (len + 7) & ~7L;
			break;
		case VIRTUOS_ARG_INOUT_ARRAY:
		case VIRTUOS_ARG_OUT_ARRAY:
			if (args[k->len] < 0 ||
			    args[k->len] > (end - off) / k->size) {
				ret = -EINVAL;
				break;
			}
			len = args[k->len] * k->size;
			if (len && bad_buffer(k->kind, args[i], len)) {
				ret = -EFAULT;
				break;
			}
			if (VIRTUOS_ARG_KIND(k->kind) == VIRTUOS_ARG_INOUT_ARRAY)
				memcpy(map + off, (const void *)args[i], len);
			outoff[i] = off, outlen[i] = len;
			a[i] = off;
			off += (len + 7) & ~7L;
			break;
		}
		if (ret)
			break;
	}
	if (!ret && nr == SYS_fcntl && is_lock_cmd(args[1])) {
		if (__virtuos_bad_out(args[2], FLOCK_SIZE))
			ret = -EFAULT;
		else {
			memcpy(map + off, (const void *)args[2], FLOCK_SIZE);
			a[2] = off, outoff[2] = off, outlen[2] = FLOCK_SIZE;
		}
	}
	if (ret) {
		__virtuos_slot_free(d, s);
		return ret;
	}

	__virtuos_slot_submit(d, s, nr, a, 0);
	if (__virtuos_slot_wait(d, s))
		return -EIO;	/* the slot stays taken: the area is dead */

	ret = __virtuos_slot_result(d, s);
	/* The service domain cannot make a call return more than was asked
	 * (a zero-sized buffer asks for the size, as getxattr does), nor
	 * more than was given to one that counts what it wrote or sent. */
	for (i = 0; i < 6 && ret >= 0; i++)
		if (is_array(call->args[i].kind) && ret > args[call->args[i].len])
			ret = -EIO;
	if (counts_input(nr) && ret > args[2])
		ret = -EIO;
	for (i = 0; i < 6 && ret >= 0; i++)
		if (outlen[i] > 0 && !call->args[i].size &&
		    !(i == 2 && nr == SYS_fcntl) && ret > outlen[i] &&
		    !((nr == SYS_recvfrom || nr == VIRTUOS_CALL_RECVMSG) &&
		      (args[3] & MSG_TRUNC)))
			ret = -EIO;
	for (i = 0; i < 6 && ret >= 0; i++) {
		if (outlen[i] < 0)
			continue;
		if (VIRTUOS_ARG_KIND(call->args[i].kind) == VIRTUOS_ARG_OUT_ARRAY)
			len = ret * call->args[i].size;
		else if (call->args[i].size || (i == 2 && nr == SYS_fcntl))
			len = outlen[i];
		else
			len = ret < outlen[i] ? ret : outlen[i];
		memcpy((void *)args[i], map + outoff[i], len);
	}
	__virtuos_slot_free(d, s);
	return ret;
}
