# Shared by the image scripts: resolved versions, cache location, progress.
# shellcheck shell=sh
top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-/var/cache/virtuos}
BUILD=${BUILD:-$top/build}

step() { printf '  %-8s %s\n' "$1" "$2" >&2; }
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The exact versions of this build (tools/install-deps writes them).
LOCK=$BUILD/versions.lock
[ -r "$LOCK" ] || die "$LOCK is missing: run make (tools/install-deps resolves the versions)"
# shellcheck disable=SC1090
. "$LOCK"
# The unpacked hypervisor and kernel, keyed by their exact versions.
XEN_DIR=$CACHE/xen-$XEN_VERSION
KERNEL_DIR=$CACHE/linux-$KERNEL_ABI-$KERNEL_VERSION

# A short key naming the inputs of a cached artefact: any change to the
# given files or to the resolved versions makes a new key, so stale images
# are never reused.
cache_key() {
	cat "$LOCK" "$@" | sha256sum | cut -c1-16
}

# apt-get download into the cache, once per exact version.
fetch_deb() {
	pkg=$1 ver=$2
	d="$CACHE/debs"
	mkdir -p "$d"
	if ! f=$("$top/tools/cached-deb" "$pkg" "$ver"); then
		step FETCH "$pkg $ver"
		(cd "$d" && apt-get download -q "$pkg=$ver" >/dev/null 2>&1) ||
			die "cannot download $pkg=$ver (is the mirror reachable? run tools/install-deps)"
		f=$("$top/tools/cached-deb" "$pkg" "$ver") ||
			die "apt-get download of $pkg=$ver left no .deb in $d"
	fi
	echo "$f"
}

# copy_modules ROOT MODULE...: copy the named kernel modules and everything
# they depend on from the unpacked kernel into ROOT, then index them.
copy_modules() {
	root=$1
	shift
	kroot=$KERNEL_DIR
	abi="$KERNEL_ABI-amd64"
	for m in "$@"; do
		modprobe -d "$kroot" -S "$abi" --show-depends "$m" ||
			die "kernel $abi has no module $m"
	done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r ko; do
		rel=${ko#"$kroot"/}
		mkdir -p "$root/$(dirname "$rel")"
		cp "$ko" "$root/$rel"
	done
	cp "$kroot/lib/modules/$abi/modules.order" "$kroot/lib/modules/$abi/modules.builtin" \
		"$kroot/lib/modules/$abi/modules.builtin.modinfo" "$root/lib/modules/$abi/"
	depmod -b "$root" "$abi"
}

# pack_cpio DIR FILE: an initramfs (newc) of DIR, written atomically.
pack_cpio() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$2.tmp"
	mv "$2.tmp" "$2"
}
