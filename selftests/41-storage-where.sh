#!/bin/sh
# The file 40-storage-files.t wrote through VirtuOS lives in the storage
# service domain's file system, on its disk, and nowhere in the primary.
cd "$(dirname "$0")" && . ./lib.sh
plan 4
check "the primary has no /storage at all" [ ! -e /storage ]
check "the primary has no block device for the storage disk" sh -c '! grep -q vda /proc/partitions'
size=$(sd_exec storage 'stat -c %s /storage/vt-keep')
check "the storage domain has /storage/vt-keep, 1 MiB ($size)" [ "$size" = 1048576 ]
remote=$(sd_exec storage 'md5sum /storage/vt-keep' | cut -d' ' -f1)
local=$(./make-pattern 1048576 | md5sum | cut -d' ' -f1)
check "its content is the pattern written in the primary ($remote)" [ "$remote" = "$local" ]
done_testing
