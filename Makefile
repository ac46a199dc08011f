# redobox — build, test, install. The work is done by t/ scripts; this stays thin.
CXX      ?= g++
CXXFLAGS ?= -O2 -g
PREFIX   ?= /usr/local
DESTDIR  ?=
B        ?= build

ifeq ($(SANITIZE),1)
B        := build-san
CXXFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CXXFLAGS += -Wno-maybe-uninitialized
LDFLAGS  += -fsanitize=address,undefined
else
LDFLAGS  += -static-libstdc++ -static-libgcc
endif
# Start-up is paid by every redo-ifchange call, so the libraries are linked in
# (the .a files of the same Debian -dev packages): a dynamic libarchive alone
# loads libxml2, ICU and five compressors, 3 ms before main(). Only the
# formats redobox uses are kept. libc stays dynamic: fakeroot works by
# LD_PRELOAD.
LDFLAGS  += -Wl,--gc-sections -Wl,--as-needed

override CXXFLAGS += -std=c++17 -Wall -Wextra -pthread -Isrc -MMD -MP
LDLIBS   = -Wl,-Bstatic -larchive -lnettle -ldeflate -lz -Wl,-Bdynamic -pthread
# the unit tests read archives back with every format libarchive has
UNIT_LDLIBS = -larchive -lnettle -ldeflate -lz -pthread

SRC  := $(wildcard src/*.cc src/*/*.cc)
CMD  := $(wildcard cmd/*.cc)
UNIT := $(wildcard t/unit/*.cc)
OBJ  := $(SRC:%.cc=$(B)/obj/%.o) $(CMD:%.cc=$(B)/obj/%.o)
LIB  := $(filter-out $(B)/obj/src/main.o,$(OBJ))
UOBJ := $(UNIT:%.cc=$(B)/obj/%.o)
# mkimage --zstd: libzstd, linked in like the rest
LDLIBS      += -Wl,-Bstatic -lzstd -Wl,-Bdynamic
UNIT_LDLIBS += -lzstd

all: $(B)/redobox $(B)/bin/.stamp

$(B)/redobox: $(OBJ) Makefile $(B)/objects
	$(CXX) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(B)/bin/.stamp: $(B)/redobox
	mkdir -p $(B)/bin && rm -f $(B)/bin/* && $(B)/redobox --install $(B)/bin && touch $@

# the list of objects, rewritten only when it changes: a test file removed
# (or a module) relinks what it was linked into
$(B)/objects: FORCE
	@mkdir -p $(@D)
	@echo '$(OBJ) $(UOBJ)' | cmp -s - $@ || echo '$(OBJ) $(UOBJ)' >$@

$(B)/unit-tests: $(LIB) $(UOBJ) Makefile $(B)/objects
	$(CXX) $(LDFLAGS) -o $@ $(LIB) $(UOBJ) $(UNIT_LDLIBS)

$(B)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

deps:
	sh t/deps

demo: deps all
	PATH="$(CURDIR)/$(B)/bin:$$PATH" sh do/demo

check: deps
	$(MAKE) -j$$(nproc) all $(B)/unit-tests
	B=$(B) SANITIZE=$(SANITIZE) sh t/run

bench: deps all
	B=$(B) sh t/bench/run

fuzz:
	sh t/deps fuzz
	sh t/fuzz/run

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/redobox $(DESTDIR)$(PREFIX)/bin/redobox
	for n in $$($(B)/redobox --list); do ln -sf redobox $(DESTDIR)$(PREFIX)/bin/$$n; done
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build build-san build-fuzz

.PHONY: all deps demo check bench fuzz install clean FORCE
-include $(OBJ:.o=.d) $(UOBJ:.o=.d)
