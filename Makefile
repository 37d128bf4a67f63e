# Makefile
#	Builds cdc_plugin with PGXS: make, make install, make installcheck (against
#	a running server), and make regresscheck (the pg_regress suite on a
#	throwaway cluster of its own; works when started as root).

MODULE_big = cdc_plugin
OBJS = $(patsubst %.cpp,%.o,$(wildcard plugin/*.cpp))
PGFILEDESC = "cdc_plugin - Debezium-compatible JSON change events"

EXTENSION = cdc_plugin
DATA = cdc_plugin--0.1.0.sql

# setup defines the helpers every later file uses; the rest one feature each.
REGRESS = setup slot_creation options option_errors dml source_block replica_identity \
	record_mode filters column_masks defaults types_numeric types_text types_datetime types_other \
	types_arrays types_contrib unknown_types decimal_modes time_modes binary_modes \
	types_postgis session_settings schemas debezium_vectors truncate messages \
	transaction_metadata skipped_operations toast origin partitions spill streaming \
	two_phase pretty_print ddl_mid_stream snapshot
# The snapshot functions come from the extension's script.
REGRESS_OPTS += --load-extension=cdc_plugin

PG_CONFIG ?= pg_config

# Server headers are system headers to C++17: they use 'register' and trip -Wextra.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -fno-strict-aliasing
SHLIB_LINK += -lstdc++

# Debian's PGXS also emits LLVM bitcode with clang, without PG_CXXFLAGS.
override with_llvm = no

# Rebuild objects when a header they include changes (PGXS's .deps/ files).
override autodepend = yes

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS puts -I server headers first; drop them so -isystem takes effect.
override CPPFLAGS := $(filter-out -I$(shell $(PG_CONFIG) --includedir-server),$(CPPFLAGS))
override CXXFLAGS := $(filter-out -Wmissing-prototypes -Wdeclaration-after-statement -Wno-format-truncation -Wno-stringop-truncation -Wmissing-variable-declarations,$(CXXFLAGS))

# cdc_stream (stream/): built with CMake into build/stream/cdc_stream.
.PHONY: stream
stream:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g"
	cmake --build build --target cdc_stream -j2

.PHONY: regresscheck print-regress
print-regress:
	@echo $(REGRESS)

regresscheck: all
	bash tests/regress/run.sh $(CURDIR)/cdc_plugin.so
