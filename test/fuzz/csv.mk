# Builds and runs the ingest CSV reader's libFuzzer harness.
#   make -f test/fuzz/csv.mk            # build test/fuzz/csv_fuzz
#   make -f test/fuzz/csv.mk run        # fuzz for FUZZ_SECONDS (default 120)
CLANG ?= clang-14
FUZZ_SECONDS ?= 120
PG_INCLUDE := $(shell pg_config --includedir-server)
SRC = src/hub/csv_reader.c test/fuzz/csv_fuzz.c

test/fuzz/csv_fuzz: $(SRC) src/hub/csv_reader.h
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Wall -Wextra -Werror -Wno-unused-parameter -Wno-ignored-attributes -Isrc -I$(PG_INCLUDE) $(SRC) -o $@

run: test/fuzz/csv_fuzz
	mkdir -p test/fuzz/work/csv test/fuzz/corpus/csv
	test/fuzz/csv_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=512 test/fuzz/work/csv test/fuzz/corpus/csv

.PHONY: run
