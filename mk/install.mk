# mk/install.mk: make install / make uninstall (included by the Makefile).
#
#   make install                         /usr/local/bin, /usr/local/share/...
#   make install PREFIX=/usr DESTDIR=/tmp/root
#   make uninstall PREFIX=/usr DESTDIR=/tmp/root
#
# BINDIR, MANDIR, DOCDIR, DATADIR and SYSTEMDUNITDIR may be set on their
# own.  DATADIR/terminal is --pty's terminal page (share/terminal/), which
# --web serves together with Debian's xterm.js (libjs-xterm, node-xterm).  The
# unit directory comes from systemd's pkg-config file, where systemd looks
# (/lib/systemd/system on Debian 12), whatever PREFIX is.  The xinetd file is
# installed as an example under DOCDIR, never into /etc/xinetd.d, where
# xinetd would read it.  So is the credentials drop-in
# wsinetd-tls@.service.d/tls.conf: live, its LoadCredential= files would
# have to exist or no instance starts.  A unit that is a symbolic link in
# units/ would be installed as the same link (none is, since
# wsinetd-tls@.service became a unit of its own).  The units, the example and the man page are
# written for the default PREFIX (/usr/local/bin/wsinetd,
# /usr/local/share/doc/wsinetd) and /lib/systemd/system; sed points them at
# BINDIR, DOCDIR and SYSTEMDUNITDIR as they are copied.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
DOCDIR ?=	$(PREFIX)/share/doc/wsinetd
DATADIR ?=	$(PREFIX)/share/wsinetd
ifeq ($(origin SYSTEMDUNITDIR),undefined)
SYSTEMDUNITDIR := $(shell pkg-config --variable=systemdsystemunitdir \
		    systemd 2>/dev/null)
ifeq ($(SYSTEMDUNITDIR),)
SYSTEMDUNITDIR := /lib/systemd/system
endif
endif
INSTALL ?=	install

# wsinetd.socket, wsinetd@.service, wsinetd-tls.socket, wsinetd-tls@.service,
# wsinetd-prefork.socket, wsinetd-prefork.service (whichever the tree has),
# and the examples, relative to DOCDIR.
INSTALL_UNITS =	$(notdir $(wildcard units/*.socket units/*.service))
INSTALL_DROPINS = $(patsubst units/%,%,$(wildcard units/*.service.d/*.conf))
INSTALL_DROPIN_DIRS = $(sort $(dir $(INSTALL_DROPINS)))
INSTALL_TERMINAL = $(notdir $(wildcard share/terminal/*))
INSTALL_EXAMPLES = examples/xinetd.d/wsinetd \
		$(INSTALL_DROPINS:%=examples/%)

# The paths as written in the tree -> where this install puts them.
INSTALL_SED =	sed -e 's|/usr/local/bin/wsinetd|$(BINDIR)/wsinetd|g' \
		    -e 's|/usr/local/share/doc/wsinetd|$(DOCDIR)|g' \
		    -e 's|/usr/local/share/wsinetd|$(DATADIR)|g' \
		    -e 's|/lib/systemd/system/wsinetd|$(SYSTEMDUNITDIR)/wsinetd|g'

.PHONY: install uninstall
install: all
	@echo "  INSTALL $(DESTDIR)$(BINDIR)/wsinetd"
	$(Q)$(INSTALL) -d -m 755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(DOCDIR)/examples/xinetd.d \
	    $(INSTALL_DROPIN_DIRS:%=$(DESTDIR)$(DOCDIR)/examples/%) \
	    $(DESTDIR)$(DATADIR)/terminal
	$(Q)$(INSTALL) -m 755 wsinetd $(DESTDIR)$(BINDIR)/wsinetd
	$(Q)$(INSTALL_SED) man/wsinetd.8 >$(DESTDIR)$(MANDIR)/man8/wsinetd.8
	$(Q)chmod 644 $(DESTDIR)$(MANDIR)/man8/wsinetd.8
	$(Q)for u in $(INSTALL_UNITS); do \
		d=$(DESTDIR)$(SYSTEMDUNITDIR)/$$u; \
		if [ -L units/$$u ]; then \
			ln -sfn "$$(readlink units/$$u)" $$d || exit 1; \
		else \
			$(INSTALL_SED) units/$$u >$$d && chmod 644 $$d || exit 1; \
		fi; \
	done
	$(Q)$(INSTALL_SED) units/xinetd/wsinetd \
	    >$(DESTDIR)$(DOCDIR)/examples/xinetd.d/wsinetd
	$(Q)for f in $(INSTALL_DROPINS); do \
		d=$(DESTDIR)$(DOCDIR)/examples/$$f; \
		$(INSTALL_SED) units/$$f >$$d && chmod 644 $$d || exit 1; \
	done
	$(Q)chmod 644 $(DESTDIR)$(DOCDIR)/examples/xinetd.d/wsinetd
	$(Q)$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	$(Q)$(INSTALL) -m 644 $(INSTALL_TERMINAL:%=share/terminal/%) \
	    $(DESTDIR)$(DATADIR)/terminal/

uninstall:
	@echo "  UNINST  $(DESTDIR)$(BINDIR)/wsinetd"
	$(Q)rm -f $(DESTDIR)$(BINDIR)/wsinetd \
	    $(DESTDIR)$(MANDIR)/man8/wsinetd.8 \
	    $(INSTALL_UNITS:%=$(DESTDIR)$(SYSTEMDUNITDIR)/%) \
	    $(INSTALL_EXAMPLES:%=$(DESTDIR)$(DOCDIR)/%) \
	    $(DESTDIR)$(DOCDIR)/README.md \
	    $(INSTALL_TERMINAL:%=$(DESTDIR)$(DATADIR)/terminal/%)
	$(Q)for d in $(DESTDIR)$(DOCDIR)/examples/xinetd.d \
	    $(INSTALL_DROPIN_DIRS:%=$(DESTDIR)$(DOCDIR)/examples/%) \
	    $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(DATADIR)/terminal $(DESTDIR)$(DATADIR); do \
		[ ! -d $$d ] || rmdir --ignore-fail-on-non-empty $$d; \
	done
