/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzz targets share: a finding aborts with its reason (the
 * fuzzer keeps the input; the corpus replay fails), buffers are touched
 * byte by byte so that the address sanitizer sees every access the kernel
 * or a program would make, and memory no input may reach is poisoned.
 */
#ifndef VIRTUOS_FUZZ_H
#define VIRTUOS_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#endif

#ifdef FUZZ_ASAN
#include <sanitizer/asan_interface.h>
#define fuzz_poison(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define fuzz_unpoison(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define fuzz_poison(p, n)	((void)(p), (void)(n))
#define fuzz_unpoison(p, n)	((void)(p), (void)(n))
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((format(printf, 1, 2), noreturn))
static inline void fuzz_finding(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FINDING: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* Reads every byte of [p, p + len). */
static inline void fuzz_touch(const void *p, unsigned long len)
{
	const volatile unsigned char *c = p;
	unsigned long i;
	unsigned char sum = 0;

	for (i = 0; i < len; i++)
		sum += c[i];
	(void)sum;
}

#endif
