# tst_hub: PGXS build.  The install script is concatenated from sql/install/
# and the vocabulary tables are generated from data/vocabulary/*.tsv.
EXTENSION = tst_hub
EXTVERSION = 0.2.0
MODULE_big = tst_hub

VOCAB_C = src/taxonomy/vocabulary_data.c
PII_LEXICON_C = src/anon/pii_lexicon_data.c
LEXICON_C = src/taxonomy/lexicon_data.c
GENERATED_C = $(VOCAB_C) $(PII_LEXICON_C) $(LEXICON_C)
SRCS = $(filter-out $(GENERATED_C),$(wildcard src/*/*.c)) $(GENERATED_C)
OBJS = $(SRCS:.c=.o)

# Released install scripts are frozen in sql/releases.  An update script is
# its hand-written part in sql/updates, then the install pieces it creates.
UPDATE_0_2_0_PIECES = \
	sql/install/16-term_set_agg.sql \
	sql/install/17-classify.sql \
	sql/install/25-safe.sql \
	sql/install/26-suppression.sql \
	sql/install/27-noise.sql \
	sql/install/28-release_audit.sql \
	sql/install/29-pii.sql \
	sql/install/33-cube_agg.sql \
	sql/install/34-cube_people.sql \
	sql/install/35-hotspot_stats.sql \
	sql/install/36-hotspots.sql \
	sql/install/37-emerging_hotspots.sql \
	sql/install/38-kernel_density.sql \
	sql/install/40-grading.sql \
	sql/install/41-likelihood.sql \
	sql/install/42-hub_schema.sql \
	sql/install/43-hub_security.sql \
	sql/install/44-ingest.sql \
	sql/install/45-supply_chain.sql \
	sql/install/46-reports.sql \
	sql/install/47-hub_distribute.sql \
	sql/install/49-noise_keys.sql \
	sql/install/50-dp_sealed.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--0.1.0--0.2.0.sql
DATA = $(wildcard sql/releases/*.sql)
INSTALL_PIECES = $(sort $(wildcard sql/install/*.sql))

# pg_regress tests: every sql/*.sql, in name order
REGRESS = $(sort $(notdir $(basename $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=postgis --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src $(shell pkg-config --cflags icu-uc icu-i18n)
SHLIB_LINK = $(shell pkg-config --libs icu-uc icu-i18n)
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wno-sign-compare $(EXTRA_CFLAGS)
EXTRA_CLEAN = $(GENERATED_C)

# No LLVM bitcode: JIT inlining gains nothing here and clang may be absent.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(VOCAB_C): tools/gen_vocabulary.pl $(wildcard data/vocabulary/*.tsv)
	perl tools/gen_vocabulary.pl data/vocabulary $@

src/taxonomy/vocabulary_data.o: src/taxonomy/vocabulary.h

$(PII_LEXICON_C): tools/gen_pii_lexicon.pl $(wildcard data/pii_names/*.tsv data/pii_cues/*.tsv)
	perl tools/gen_pii_lexicon.pl data/pii_names $@ data/pii_cues

src/anon/pii_lexicon_data.o: src/anon/pii.h

# The classifier's lexicons (data/lexicon/<lang>.tsv), term paths checked against the vocabulary.
$(LEXICON_C): tools/gen_lexicon.pl $(wildcard data/lexicon/*.tsv) data/vocabulary/terms.tsv
	perl tools/gen_lexicon.pl data/lexicon data/vocabulary/terms.tsv $@

src/taxonomy/lexicon_data.o: src/taxonomy/lexicon.h

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PIECES)
	cat $^ > $@

$(EXTENSION)--0.1.0--0.2.0.sql: sql/updates/0.1.0--0.2.0.sql $(UPDATE_0_2_0_PIECES)
	cat $^ > $@

# libFuzzer harnesses (test/fuzz/Makefile): each for FUZZ_SECONDS (default 60),
# or FUZZ_RUNS inputs; FUZZ_HARNESSES picks some (test/fuzz/README.md)
fuzz:
	$(MAKE) -f test/fuzz/Makefile fuzz

.PHONY: fuzz

# Sanitizer runs (tools/sanitize.sh): the regression and pgTAP suites with
# tst_hub built with -fsanitize=address,undefined, and the regression suite
# under valgrind memcheck, each in a private copy of PostgreSQL 15 (the
# system extension directory is not touched).  Any report fails the run.
check-asan:
	tools/sanitize.sh asan

check-valgrind:
	tools/sanitize.sh valgrind

check-sanitize: check-asan check-valgrind

.PHONY: check-asan check-valgrind check-sanitize
