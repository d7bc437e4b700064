# bench/bench.mk: `make bench`, included by the top Makefile.
#
#   make bench                 build ./wsinetd and build/bench/*, run every
#                              peer, print the table, write bench/results.md
#   BENCH_RUNS=N make bench    medians of N runs (5)
#   BENCH_QUICK=1 make bench   each row once with tiny counts (smoke test)
#   make -f bench/bench.mk     only the bench binaries (no ./wsinetd rebuild)
#
# The bench binaries use wsinetd's warning flags, -O2, and nothing beyond
# what the project links already: nettle, GnuTLS (client and TLS echo
# only), pthreads.  libsystemd is linked only into the noop_* start-up
# probes.

BENCH_BUILD =	build/bench
BENCH_PY =	/usr/bin/python3
BENCH_WARN =	-Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
		-Wmissing-prototypes -Wformat=2
BENCH_CFLAGS =	-std=gnu11 -D_GNU_SOURCE -O2 -g $(BENCH_WARN) -MMD -MP \
		$(CFLAGS)
BENCH_LDFLAGS =	$(LDFLAGS)

# wskey.o is wsinetd's own Sec-WebSocket-Accept (src/wskey.c), shared.
BENCH_WSBENCH =	wsbench.o wsthru.o wsconn.o wsframe.o wskey.o
BENCH_FLOOR =	floor_echo.o wsframe.o wskey.o
BENCH_OBJS =	$(sort $(BENCH_WSBENCH) $(BENCH_FLOOR) echo_backend.o noop.o cpuid.o)
BENCH_NOOPS =	noop noop_nettle noop_httpparser noop_systemd noop_gnutls \
		noop_wsinetd_libs noop_wsinetd_libs_now noop_wsinetd_tls_libs
BENCH_BINS =	$(addprefix $(BENCH_BUILD)/,wsbench floor_echo echo_backend cpuid \
		$(BENCH_NOOPS))

# Each probe is noop.o linked against one library set; --no-as-needed so
# the loader really maps what a program linked that way would map.
# wsinetd's set is the top Makefile's LDLIBS when it includes this file,
# so the probes follow it (they relink when the Makefile changes).
BENCH_WSINETD_LIBS =	$(if $(strip $(LDLIBS)),$(LDLIBS),-lhttp_parser -lnettle)
BENCH_LIBS_noop =
BENCH_LIBS_noop_nettle =		-lnettle
BENCH_LIBS_noop_httpparser =		-lhttp_parser
BENCH_LIBS_noop_systemd =		-lsystemd
BENCH_LIBS_noop_gnutls =		-lgnutls
BENCH_LIBS_noop_wsinetd_libs =		$(BENCH_WSINETD_LIBS)
BENCH_LIBS_noop_wsinetd_tls_libs =	$(BENCH_WSINETD_LIBS) -lgnutls
# ... and with wsinetd's own link flags (-z now: every symbol bound at
# start-up, not lazily).
BENCH_LIBS_noop_wsinetd_libs_now =	-pie -Wl,-z,relro,-z,now \
					$(BENCH_WSINETD_LIBS)

.PHONY: bench bench-bins bench-quick bench-compress

bench-bins: $(BENCH_BINS)

bench: all bench-bins
	@$(BENCH_PY) bench/run
	@$(BENCH_PY) bench/compress.py

# Bytes on the wire and CPU per MiB for a text stream, with and without
# --compress (appended to bench/results.md).
bench-compress: all
	@$(BENCH_PY) bench/compress.py

bench-quick: all bench-bins
	@BENCH_QUICK=1 $(BENCH_PY) bench/run

$(BENCH_BUILD)/%.o: bench/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_CFLAGS) -Isrc -c -o $@ $<

$(BENCH_BUILD)/wskey.o: src/wskey.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_CFLAGS) -c -o $@ $<

$(BENCH_BUILD)/wsbench: $(addprefix $(BENCH_BUILD)/,$(BENCH_WSBENCH))
	@echo "  LD      $@"
	@$(CC) $(BENCH_LDFLAGS) -o $@ $^ -lgnutls -lnettle -lpthread

$(BENCH_BUILD)/floor_echo: $(addprefix $(BENCH_BUILD)/,$(BENCH_FLOOR))
	@echo "  LD      $@"
	@$(CC) $(BENCH_LDFLAGS) -o $@ $^ -lnettle

$(BENCH_BUILD)/cpuid: $(BENCH_BUILD)/cpuid.o
	@echo "  LD      $@"
	@$(CC) $(BENCH_LDFLAGS) -o $@ $^

$(BENCH_BUILD)/echo_backend: $(BENCH_BUILD)/echo_backend.o
	@echo "  LD      $@"
	@$(CC) $(BENCH_LDFLAGS) -o $@ $^ -lgnutls -lpthread

$(addprefix $(BENCH_BUILD)/,$(BENCH_NOOPS)): $(BENCH_BUILD)/noop.o \
    $(wildcard Makefile)
	@echo "  LD      $@"
	@$(CC) $(BENCH_LDFLAGS) -o $@ $< -Wl,--no-as-needed \
	    $(BENCH_LIBS_$(@F)) -Wl,--as-needed

-include $(addprefix $(BENCH_BUILD)/,$(BENCH_OBJS:.o=.d))
