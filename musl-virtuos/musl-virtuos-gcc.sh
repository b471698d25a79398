#!/bin/sh
# musl-virtuos-gcc: run gcc against musl-virtuos (a musl-gcc equivalent).
# Installed as BUILD/bin/musl-virtuos-gcc; it finds the prefix BUILD/musl
# relative to its own location, so the build tree may be moved.
# The C library is static only: link with -static.
self=$(readlink -f -- "$0") || exit 1
MUSL_VIRTUOS_PREFIX=${self%/*/*}/musl
export MUSL_VIRTUOS_PREFIX
exec "${REALGCC:-gcc}" "$@" -specs "$MUSL_VIRTUOS_PREFIX/lib/musl-virtuos-gcc.specs"
