# wsinetd: a WebSocket handler for socket activation.
#
#   make            ./wsinetd (hardened, -Wall -Wextra clean)
#   make SAN=1      build/san/wsinetd with AddressSanitizer + UBSan
#   make check      install missing Debian packages, build both, run every test
#   make demo       noVNC in a browser through wsinetd (--web + tcp:) on :8080
#   make demo-terminal  a web terminal (--pty, share/terminal/) on :8081
#   make V=1        show the commands

SRCS =	main.c config.c activation.c listen.c log.c io.c http.c upgrade.c \
	wskey.c frame.c utf8.c ws.c relay.c buf.c target.c target_tcp.c \
	target_unix.c client.c tls_accept.c tls.c tls_creds.c tls_ticket.c \
	tls_lib.c sdfds.c journal.c privdrop.c sandbox.c \
	proxy.c proxy_read.c forwarded.c pmd_offer.c pmd.c
SRCS +=	logsafe.c				# what a log line may hold
SRCS +=	peer.c listen_addr.c resident.c resident_child.c notify.c # resident
SRCS +=	route.c token.c target_url.c text.c	# routing, --config
SRCS +=	reqgate.c origin.c		# every request's checks
SRCS +=	target_exec.c exec_env.c exec_child.c exec_stub.c	# exec:
SRCS +=	exec_path.c preflight.c proctitle.c	# PATH, start-up checks, ps
SRCS +=	passthrough.c pass_head.c pass_req.c pass_frame.c pass_status.c \
	splice.c tls_client.c		# ws://, wss://, http://, https://
SRCS +=	pass_in.c			# the head's inputs, for both of them
SRCS +=	web.c mime.c web_path.c web_date.c	# --web
SRCS +=	stop.c				# SIGTERM/SIGINT in a handler
SRCS +=	auth.c auth_basic.c auth_hash.c crypt_lib.c auth_slot.c # --auth-file
SRCS +=	proxy_build.c proxy_send.c		# --backend-proxy
SRCS +=	ucspi.c					# tcpserver, s6-tlsserver
SRCS +=	backsplice.c				# tcp:/unix: backend -> client
SRCS +=	record.c record_json.c			# --record
SRCS +=	pty.c pty_msg.c				# --pty
UNIT_TESTS = t_frame t_utf8 t_wskey t_http t_sdfds t_journal t_proxy \
		t_forwarded t_pmd_offer t_pmd t_route t_pass_head t_pass_req \
		t_pass_status
UNIT_TESTS +=	t_web_path t_web_mime t_web_date
UNIT_TESTS +=	t_exec_env t_sandbox t_exec_stub
UNIT_TESTS +=	t_pass_head_framing t_exec_env_newlines t_http_smuggling
UNIT_TESTS +=	t_listen_addr t_notify
UNIT_TESTS +=	t_auth_basic t_proxy_build
UNIT_TESTS +=	t_record_json
UNIT_TESTS +=	t_pty_msg
UNIT_TESTS +=	t_origin
UNIT_TESTS +=	t_logsafe
FUZZERS =	fuzz_http fuzz_ws fuzz_proxy fuzz_pmd fuzz_route
FUZZERS +=	fuzz_web_path fuzz_pass_status
FUZZERS +=	fuzz_exec_stub
FUZZERS +=	fuzz_listen_addr
FUZZERS +=	fuzz_auth
FUZZERS +=	fuzz_record_json
FUZZERS +=	fuzz_pty_msg
FUZZERS +=	fuzz_origin
FUZZERS +=	fuzz_logsafe
FUZZ_SECONDS ?=	60

# Linked: nettle (SHA-1 for the accept key) and http-parser.  GnuTLS:
# headers only, tls_lib.c loads it for TLS connections.  systemd's socket
# and journal protocols are spoken directly (sdfds.c, journal.c): linking
# libsystemd cost every connection 1.6 ms of start-up.  zlib: --compress.
PKGS =		nettle zlib
PKG_CFLAGS :=	$(shell pkg-config --cflags $(PKGS) gnutls 2>/dev/null)

# nettle, http-parser and zlib are linked from their static archives where
# the system has them (Debian's -dev packages ship them, built as PIC):
# each exec'd handler then maps three fewer libraries and the loader
# resolves none of their symbols.  Only the objects wsinetd calls are
# linked in.  An Accept=yes connection: 680 000 instructions, 474 000 of
# them in ld.so, became 254 000 (163 000).  STATIC_LIBS names the ones
# to link so; STATIC_LIBS= links all three dynamically (debian/rules keeps
# zlib dynamic, for the distribution's security updates).
STATIC_LIBS ?=	http_parser nettle z
link_lib =	$(if $(and $(filter $(1),$(STATIC_LIBS)),$(wildcard $(shell \
		    $(CC) -print-file-name=lib$(1).a))),-l:lib$(1).a,-l$(1))
PKG_LIBS :=	$(call link_lib,nettle) $(call link_lib,z)

CC ?=		cc
HOSTCC ?=	cc
SECCOMP_LIBS :=	$(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)
WARN =		-Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
		-Wmissing-prototypes -Wformat=2
CFLAGS_BASE =	-std=gnu11 -D_GNU_SOURCE -g $(WARN) $(PKG_CFLAGS) -MMD -MP

ifeq ($(FUZZ),1)
CC =		clang
BUILD =		build/fuzz
CFLAGS_MODE =	-O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
LDFLAGS_MODE =	-fsanitize=fuzzer,address,undefined
BIN =		$(BUILD)/wsinetd
else ifeq ($(SAN),1)
BUILD =		build/san
CFLAGS_MODE =	-O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=undefined
LDFLAGS_MODE =	-fsanitize=address,undefined
BIN =		$(BUILD)/wsinetd
else
BUILD =		build/plain
CFLAGS_MODE =	-O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
		-fstack-clash-protection -fcf-protection -fPIE
LDFLAGS_MODE =	-pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
BIN =		wsinetd
endif

ALL_CFLAGS =	$(CFLAGS_BASE) $(CFLAGS_MODE) $(CFLAGS)
ALL_LDFLAGS =	$(LDFLAGS_MODE) $(LDFLAGS)
LDLIBS =	$(call link_lib,http_parser) $(PKG_LIBS)

OBJS =		$(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS =	$(filter-out $(BUILD)/main.o,$(OBJS))
UNIT_BINS =	$(UNIT_TESTS:%=$(BUILD)/tests/%)
FUZZ_BINS =	$(FUZZERS:%=$(BUILD)/%)

ifeq ($(V),1)
Q =
else
Q =		@
endif

PYTHON =	/usr/bin/python3
PYTEST_ARGS ?=	-q -n 2 --dist loadgroup

.PHONY: all san check deps unit unit-bins fuzz fuzz-bins demo demo-terminal clean
all: $(BIN)

$(BIN): $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -I$(BUILD) -c -o $@ $<

# The seccomp programs, generated from src/sandbox_rules.h with libseccomp
# at build time (loading them is one prctl(); building them at run time
# cost each connection 0.5 ms).  The sanitizer builds add the runtime's calls.
SANDBOX_GEN_ARG = $(if $(filter 1,$(SAN) $(FUZZ)),san,)
$(BUILD)/sandbox_gen: src/sandbox_gen.c src/sandbox_rules.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(HOSTCC) -std=gnu11 -D_GNU_SOURCE -O1 $(WARN) -o $@ $< \
	    $(SECCOMP_LIBS)

$(BUILD)/sandbox_bpf.h: $(BUILD)/sandbox_gen
	@echo "  GEN     $@"
	$(Q)$(BUILD)/sandbox_gen $(SANDBOX_GEN_ARG) > $@.tmp && mv $@.tmp $@

$(BUILD)/sandbox.o: $(BUILD)/sandbox_bpf.h

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

unit-bins: $(UNIT_BINS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

fuzz-bins: $(FUZZ_BINS)

# libFuzzer harnesses (clang), each run FUZZ_SECONDS on a working copy of
# its seed corpus; new crashes land in build/fuzz/ as crash-* files: copy
# each into tests/fuzz/corpus/NAME/ as a regression input.
fuzz:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-bins
	$(Q)for f in $(FUZZERS); do \
		n=$${f#fuzz_}; mkdir -p build/fuzz/work-$$n; \
		build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=2 \
		    -artifact_prefix=build/fuzz/ build/fuzz/work-$$n \
		    tests/fuzz/corpus/$$n || exit 1; \
	done

# Unit tests: each binary prints its own count and exits non-zero on failure.
unit: $(UNIT_BINS)
	$(Q)for t in $(UNIT_BINS); do $$t || exit 1; done

san:
	$(Q)$(MAKE) --no-print-directory SAN=1 all unit-bins

deps:
	$(Q)sh tests/deps.sh

# Everything a change must pass: unit tests and the integration and
# conformance suites, against the hardened build and the sanitizer build.
check: deps
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)$(MAKE) --no-print-directory san
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-bins
	$(Q)WSINETD_VARIANTS=plain,asan $(PYTHON) -m pytest $(PYTEST_ARGS) tests

demo: all
	$(Q)sh tests/demo.sh

demo-terminal: all
	$(Q)sh tests/demo_terminal.sh

clean:
	rm -rf build wsinetd

-include $(OBJS:.o=.d)

# Benchmark (bench/) and installation (mk/install.mk) live in their own files.
-include bench/bench.mk
-include mk/install.mk
