# Builds and runs the hexagon grid's libFuzzer harness.
#   make -f test/fuzz/grid.mk            # build test/fuzz/grid_fuzz
#   make -f test/fuzz/grid.mk run        # fuzz for FUZZ_SECONDS (default 120)
CLANG ?= clang-14
FUZZ_SECONDS ?= 120
PG_INCLUDE := $(shell pg_config --includedir-server)
SRC = src/hotspot/grid.c src/hotspot/grid_text.c test/fuzz/grid_fuzz.c

test/fuzz/grid_fuzz: $(SRC) src/hotspot/grid.h
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Wall -Wextra -Werror -Wno-unused-parameter -Wno-ignored-attributes -Isrc -I$(PG_INCLUDE) $(SRC) -lm -o $@

run: test/fuzz/grid_fuzz
	mkdir -p test/fuzz/work/grid test/fuzz/corpus/grid
	test/fuzz/grid_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=64 test/fuzz/work/grid test/fuzz/corpus/grid

.PHONY: run
