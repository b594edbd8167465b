# Builds and runs the phone canonicaliser's libFuzzer harness.
#   make -f test/fuzz/phone.mk            # build test/fuzz/phone_fuzz
#   make -f test/fuzz/phone.mk run        # fuzz for FUZZ_SECONDS (default 120)
CLANG ?= clang-14
FUZZ_SECONDS ?= 120
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc)
ICU_LIBS := $(shell pkg-config --libs icu-uc)
SRC = src/anon/phone.c src/anon/phone_plans.c test/fuzz/phone_fuzz.c

test/fuzz/phone_fuzz: $(SRC) src/anon/phone.h src/anon/phone_plans.h
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Wall -Wextra -Werror -Isrc $(ICU_CFLAGS) $(SRC) $(ICU_LIBS) -o $@

run: test/fuzz/phone_fuzz
	mkdir -p test/fuzz/work/phone test/fuzz/corpus/phone
	test/fuzz/phone_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=300 \
		-dict=test/fuzz/phone.dict test/fuzz/work/phone test/fuzz/corpus/phone

.PHONY: run
