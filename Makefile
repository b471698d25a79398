# SPDX-License-Identifier: GPL-2.0
# VirtuOS: one build for every part, from Debian packages.
#
#   make          install pinned packages, build modules, musl-virtuos,
#                 tools, selftests and images
#   make demo     boot the whole system under QEMU and show both service
#                 domains connected
#   make check    host-side unit tests, then the selftests inside real Xen
#   make bench    benchmarks inside real Xen, printed as tables of ratios
#   make fuzz     fuzz the shadow's request decoding and the library's
#                 reply checks with libFuzzer, FUZZ_SECONDS (600) each
#   make fault-campaign
#                 FAULTS (20) faults injected into the service domains
#                 under a mixed load (tools/fault-campaign)
#
# config/versions pins series; tools/install-deps resolves them to exact
# versions in $(BUILD)/versions.lock, installs what is missing and prints
# the versions in one line. That happens first, when this Makefile is read,
# so every rule below sees the resolved versions (clean and distclean
# excepted).

TOP := $(CURDIR)
BUILD ?= $(TOP)/build
CACHE ?= /var/cache/virtuos
export BUILD CACHE
LOCK := $(BUILD)/versions.lock

ifneq ($(filter-out clean distclean,$(or $(MAKECMDGOALS),all)),)
$(shell tools/install-deps >&2)
ifneq ($(.SHELLSTATUS),0)
$(error tools/install-deps failed: no versions to build with)
endif
include $(LOCK)
else
-include $(LOCK)
endif
KDIR := /usr/src/linux-headers-$(KERNEL_ABI)-amd64

# Static position-independent executables with the usual hardening: the
# shadow runs clients' calls, so nothing of it sits at a fixed address.
CFLAGS_TOOLS := -O2 -Wall -Wextra -Werror -static-pie -fPIE \
	-fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wl,-z,relro -Wl,-z,now
MUSL_GCC := $(BUILD)/bin/musl-virtuos-gcc

.PHONY: all deps modules musl FORCE tools selftests images demo check unit-tests \
	vm-tests checkpatch bench fuzz fault-campaign clean distclean

all: deps modules musl tools selftests images

# Done when this Makefile was read; kept as a target for make deps.
deps:
	@true

# Kernel modules, against the pinned headers (never uname -r).
MODULE_SRC := Kbuild $(wildcard module/include/*.h module/primary/*.[ch] \
	module/service/*.[ch])

modules: $(BUILD)/virtuos.ko $(BUILD)/virtuos_sd.ko

# One recipe for both (a grouped target): two kbuild runs at once in one
# tree race. A failed compile fails the build; only kbuild's note about
# BTF is left out of what it prints.
$(BUILD)/virtuos.ko $(BUILD)/virtuos_sd.ko $(BUILD)/selftests/virtuos_sd_hostile.ko &: \
		$(MODULE_SRC) $(LOCK) | deps
	@echo "  KBUILD   virtuos.ko virtuos_sd.ko virtuos_sd_hostile.ko (kernel $(KERNEL_ABI)-amd64)"
	@mkdir -p $(BUILD)/selftests
	@$(MAKE) -s -C $(KDIR) M=$(TOP) modules >$(BUILD)/kbuild.log 2>&1; \
		status=$$?; grep -v 'Skipping BTF generation' $(BUILD)/kbuild.log; \
		exit $$status
	@cp virtuos.ko virtuos_sd.ko $(BUILD)/
	@cp virtuos_sd_hostile.ko $(BUILD)/selftests/

# libc.a is remade by musl-virtuos's own make every time; what links
# against it is relinked only when that changed it (make looks at its time
# again after the recipe), and never against the one before.
musl: $(BUILD)/musl/lib/libc.a
$(BUILD)/musl/lib/libc.a: FORCE | deps
	@$(MAKE) -s -C musl-virtuos BUILD=$(BUILD) CACHE=$(CACHE)
FORCE:

# Admin tools and the shadow executor: static, so they run in any domain.
tools: $(BUILD)/bin/virtuosctl $(BUILD)/bin/virtuos-shadowd

$(BUILD)/bin/virtuosctl: tools/virtuosctl.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS_TOOLS) -o $@ $<

EXECUTOR_SRC := $(filter-out module/executor/hostile.c,$(wildcard module/executor/*.c))
$(BUILD)/bin/virtuos-shadowd: $(EXECUTOR_SRC) $(wildcard module/executor/*.h) \
		module/include/virtuos_protocol.h module/include/virtuos_calls.h \
		module/include/virtuos_call_spec.h | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS_TOOLS) -Imodule/include -o $@.tmp $(EXECUTOR_SRC) \
		-lpthread >$@.log 2>&1; status=$$?; \
		grep -v 'statically linked applications' $@.log; rm -f $@.log; \
		[ $$status -eq 0 ] && mv $@.tmp $@

# The executor of a service domain that lies (hostile.c): for the
# selftests only, never in an image.
$(BUILD)/selftests/virtuos-shadowd-hostile: $(EXECUTOR_SRC) module/executor/hostile.c \
		$(wildcard module/executor/*.h) module/include/virtuos_protocol.h \
		module/include/virtuos_calls.h module/include/virtuos_call_spec.h | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS_TOOLS) -DVIRTUOS_HOSTILE -Imodule/include -o $@.tmp $(EXECUTOR_SRC) \
		module/executor/hostile.c -lpthread >$@.log 2>&1; status=$$?; \
		grep -v 'statically linked applications' $@.log; rm -f $@.log; \
		[ $$status -eq 0 ] && mv $@.tmp $@

# Selftests that run inside the primary domain, and host-side unit tests.
SELFTEST_SCRIPTS := $(filter-out selftests/lib.sh,$(wildcard selftests/*.sh))
SELFTEST_MUSL := $(patsubst selftests/%.c,$(BUILD)/selftests/%.t,$(wildcard selftests/*.c)) \
	$(patsubst selftests/helpers/%.c,$(BUILD)/selftests/%,$(wildcard selftests/helpers/*.c))
# Helpers built with the host's own C library: their calls stay in the
# primary domain (the "other host" of the network tests).
SELFTEST_NATIVE := $(patsubst selftests/native/%.c,$(BUILD)/selftests/%,$(wildcard selftests/native/*.c))
HOST_TESTS := $(patsubst selftests/host/%.c,$(BUILD)/host-tests/%,$(wildcard selftests/host/*.c))
FUZZ_TARGETS := $(filter-out replay,$(patsubst selftests/fuzz/%.c,%,$(wildcard selftests/fuzz/*.c)))
HOST_TESTS += $(patsubst %,$(BUILD)/host-tests/fuzz-%,$(FUZZ_TARGETS))

selftests: $(SELFTEST_MUSL) $(SELFTEST_NATIVE) $(HOST_TESTS) $(BUILD)/selftests/.scripts \
	$(BUILD)/hello $(BUILD)/selftests/busybox-virtuos $(BUILD)/selftests/lighttpd-virtuos \
	$(BUILD)/selftests/virtuos-shadowd-hostile $(BUILD)/selftests/virtuos_sd_hostile.ko


# The harness test's program: exits with the status given as its argument.
$(BUILD)/hello: tools/tests/hello.c $(BUILD)/musl/lib/libc.a
	@echo "  MUSLCC   $@"
	@$(MUSL_GCC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# BusyBox from Debian's source, static against musl-virtuos: the tests' tools
# for files under /storage (cached source, fresh build: 1-2 min).
$(BUILD)/selftests/busybox-virtuos: tools/build-busybox $(LOCK) \
		$(BUILD)/musl/lib/libc.a
	@echo "  BUSYBOX  $@"
	@tools/build-busybox $@

# lighttpd from Debian's source, static against musl-virtuos: an event-driven
# server (one process, non-blocking sockets) for the network selftests.
$(BUILD)/selftests/lighttpd-virtuos: tools/build-lighttpd $(LOCK) \
		$(BUILD)/musl/lib/libc.a
	@echo "  LIGHTTPD $@"
	@tools/build-lighttpd $@

$(BUILD)/selftests/.scripts: $(SELFTEST_SCRIPTS) selftests/run-all selftests/lib.sh selftests/shell-workload
	@mkdir -p $(dir $@)
	@cp selftests/run-all selftests/lib.sh selftests/shell-workload $(SELFTEST_SCRIPTS) $(BUILD)/selftests/
	@touch $@

$(BUILD)/selftests/%.t: selftests/%.c $(wildcard selftests/*.h) $(BUILD)/musl/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  MUSLCC   $@"
	@$(MUSL_GCC) -static -O2 -Wall -Wextra -Werror -Iselftests -Imodule/include -o $@ $< -lpthread

$(BUILD)/selftests/%: selftests/helpers/%.c $(BUILD)/musl/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  MUSLCC   $@"
	@$(MUSL_GCC) -static -O2 -Wall -Wextra -Werror -Iselftests -Imodule/include -o $@ $<

# The native build of call-coverage is its musl-virtuos source, included.
$(BUILD)/selftests/call-coverage-native: selftests/helpers/call-coverage.c

$(BUILD)/selftests/%: selftests/native/%.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) -static -O2 -Wall -Wextra -Werror -o $@.tmp $< >$@.log 2>&1; \
		status=$$?; grep -v 'statically linked applications' $@.log; \
		rm -f $@.log; [ $$status -eq 0 ] && mv $@.tmp $@

$(BUILD)/host-tests/%: selftests/host/%.c selftests/tap.h module/include/virtuos_protocol.h \
		module/include/virtuos_calls.h module/include/virtuos_call_spec.h \
		musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c \
		musl-virtuos/overlay/src/virtuos/__virtuos_epoll_keys.c \
		module/executor/seccomp.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) -O2 -Wall -Wextra -Werror -Imodule/include -Iselftests -o $@ $<

# Each fuzz target's corpus, replayed under the sanitizers without a
# fuzzer: seeds, and every input that once was a finding.
$(BUILD)/host-tests/fuzz-%: selftests/fuzz/%.c selftests/fuzz/replay.c selftests/fuzz/fuzz.h \
		selftests/tap.h module/include/virtuos_protocol.h module/include/virtuos_calls.h \
		module/include/virtuos_call_spec.h module/executor/calls.c module/executor/exec_close.c \
		musl-virtuos/overlay/src/virtuos/__virtuos_reply_ok.c \
		musl-virtuos/overlay/src/virtuos/__virtuos_epoll_keys.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-Wall -Wextra -Werror -Imodule/include -Imodule/executor -Iselftests \
		-DFUZZ_TARGET='"$*"' -DCORPUS_DIR='"$(TOP)/selftests/fuzz/corpus/$*"' \
		-o $@ selftests/fuzz/$*.c selftests/fuzz/replay.c -lpthread

# Images: the dom0 base is cached under $(CACHE) by its inputs; the service
# domains' initramfs is small and follows the companion module.
images: $(BUILD)/sd-initramfs.cpio
	@sd-images/build-dom0-base >/dev/null

$(BUILD)/sd-initramfs.cpio: $(BUILD)/virtuos_sd.ko $(BUILD)/bin/virtuos-shadowd \
		sd-images/build-sd-initramfs sd-images/sd-init sd-images/common.sh
	@echo "  IMAGE    $@"
	@sd-images/build-sd-initramfs $(BUILD)/virtuos_sd.ko \
		$(BUILD)/bin/virtuos-shadowd $@

demo: all
	@tools/virtuos-vm run -- virtuosctl status

# Benchmarks: printed tables, not tests.
bench: all $(BUILD)/bench/storage-bench $(BUILD)/bench/net-bench \
		$(BUILD)/bench/net-bench-native
	@tools/bench-storage
	@tools/bench-network

$(BUILD)/bench/net-bench: tools/bench/net-bench.c $(BUILD)/musl/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  MUSLCC   $@"
	@$(MUSL_GCC) -static -O2 -Wall -Wextra -Werror -o $@ $< -lpthread

$(BUILD)/bench/net-bench-native: tools/bench/net-bench.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC       $@"
	@$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $< -lpthread

$(BUILD)/bench/storage-bench: tools/bench/storage-bench.c $(BUILD)/musl/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  MUSLCC   $@"
	@$(MUSL_GCC) -static -O2 -Wall -Wextra -Werror -o $@ $< -lpthread

check: all
	@tools/check

checkpatch:
	@tools/checkpatch-all

FUZZ_SECONDS ?= 600
fuzz: deps
	@tools/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGET)

FAULTS ?= 20
fault-campaign: all
	@tools/fault-campaign $(FAULTS)

clean:
	@$(MAKE) -s -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	rm -rf $(BUILD)/*.ko $(BUILD)/bin/virtuos* $(BUILD)/selftests \
		$(BUILD)/host-tests $(BUILD)/sd-initramfs.cpio

distclean: clean
	rm -rf $(BUILD)
