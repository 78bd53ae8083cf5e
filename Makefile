# crm — build, run, test and benchmark. Every target installs what it needs from Debian first.
SHELL := /bin/bash
SWIFT ?= swift
DEMO_DB ?= .demo/crm.sqlite
DEMO_CONTACTS ?= 2000
BENCH_CONTACTS ?= 1000000
BENCH_IMPORT_ROWS ?= 1000000
BENCH_READS_IMPORT_ROWS ?= 200000
BENCH_WRAP ?=
CLIENTS ?= 24000
INTERVAL ?= 10
DURATION ?= 120
APT_PACKAGES := libsqlite3-dev libncursesw5-dev zlib1g-dev libdeflate-dev libzstd-dev zstd libjemalloc-dev sqlite3 tmux pkg-config openssl curl

CLUSTER_INSTANCES ?= 2

MAIL_VENV := .build/mail-venv

.PHONY: all deps build run test mail-venv fuzz e2e cluster cluster-stop bench bench-server bench-request-cpu bench-pull-formats bench-healthz-paced bench-mix-floor bench-network \
	bench-log-size lint format clean

all: build

# Installs the Debian packages the build, tests and benchmarks need, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# The TUI on a local demo database (created on first run).
run: build
	@mkdir -p $(dir $(DEMO_DB))
	@if [ ! -f $(DEMO_DB) ]; then \
		.build/debug/crm --db $(DEMO_DB) init --user "Demo User" --email demo@example.com && \
		.build/debug/crm --db $(DEMO_DB) demo --contacts $(DEMO_CONTACTS); fi
	.build/debug/crm --db $(DEMO_DB)

# The server tests run against SQLite and a throwaway PostgreSQL on 127.0.0.1 (scripts/postgres.sh),
# which is stopped again however the tests end. The Swift tests run one at a time (--no-parallel): on 2
# cores, two tests that wait on crm processes hold both threads of Swift's cooperative pool, and the
# in-process servers of other tests then stall until their clients time out (Docs/TESTING.md).
# PostgreSQL is required here: if it cannot start, or the
# tests cannot reach it, the run fails (CRM_TEST_POSTGRES_REQUIRED=1) instead of skipping those tests
# (Docs/TESTING.md); after the Swift tests it prints how many were skipped. The last step runs a real
# cluster (PostgreSQL, two crm-server instances, nginx; installed from Debian when missing), kills one
# instance mid-load and checks that nothing acknowledged was lost or doubled (Tests/e2e/cluster.sh,
# which stops it again).
# Python's aiosmtpd (PyPI) in a venv under .build: the real SMTP server the mail tests start and stop
# by PID (scripts/smtp-test-server.py, Tests/crmTests/SMTPTestServer.swift).
mail-venv:
	@$(MAIL_VENV)/bin/python -c 'import aiosmtpd' 2>/dev/null || { \
		python3 -m venv $(MAIL_VENV) && $(MAIL_VENV)/bin/pip install -q aiosmtpd; }

test: deps mail-venv
	$(SWIFT) build --build-tests
	@url="$$(scripts/postgres.sh start)" && [ -n "$$url" ] || { echo "could not start PostgreSQL for the tests"; exit 1; }; \
	trap 'scripts/postgres.sh stop' EXIT; \
	echo "PostgreSQL for the tests: $$url"; \
	set -o pipefail; CRM_TEST_POSTGRES_URL="$$url" CRM_TEST_POSTGRES_REQUIRED=1 $(SWIFT) test --skip-build --no-parallel 2>&1 \
		| tee .build/test-output.txt; status=$$?; \
	echo "skipped tests: $$(grep -c '^➜ Test .* skipped' .build/test-output.txt) (each with its reason above)"; \
	exit $$status
	bash Tests/e2e/tui-tmux.sh .build/debug/crm
	bash Tests/e2e/tui-bulk-tmux.sh .build/debug/crm .build/debug/crm-server
	bash Tests/e2e/tui-first-run-tmux.sh .build/debug/crm
	bash Tests/e2e/tui-changed-tmux.sh .build/debug/crm .build/debug/crm-server
	@if [ -f ../shared/checks/cli-contract.py ]; then python3 ../shared/checks/cli-contract.py .build/debug/crm; \
	else echo "skipping the shared CLI contract check: ../shared is absent"; fi
	bash Tests/e2e/cluster.sh .build/debug/crm .build/debug/crm-server

# The fuzz tests (CSV reader, vCard parser, mail parser, JSON values, push and login bodies) with FUZZ_ITERATIONS
# inputs each, and FAULT_RUNS kill -9 runs of crm demo and crm import each, with a fresh seed printed
# first; `make test` runs them with 300 inputs, 1 run and seed 22. Replay a failure with FUZZ_SEED=N.
# The sync model test (SyncModelTests: devices with skewed clocks through a fault proxy, server and
# client kill -9) runs SYNC_MODEL_SEEDS seeds from the same seed, two at a time (20 in `make test`;
# 1,000 took 58 minutes on the shared 2-core machine).
# One test at a time, as in `make test` (--no-parallel; Docs/TESTING.md says why).
FUZZ_ITERATIONS ?= 20000
FAULT_RUNS ?= 50
SYNC_MODEL_SEEDS ?= 1000
fuzz: deps
	$(SWIFT) build --build-tests
	@seed="$${FUZZ_SEED:-$$(date +%s)}"; \
	echo "fuzz seed $$seed, $(FUZZ_ITERATIONS) inputs per test, $(FAULT_RUNS) kill -9 runs per kind, \
	$(SYNC_MODEL_SEEDS) sync model seeds"; \
	CRM_FUZZ_SEED="$$seed" CRM_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) CRM_FAULT_RUNS=$(FAULT_RUNS) \
		CRM_SYNC_MODEL_SEEDS=$(SYNC_MODEL_SEEDS) $(SWIFT) test --skip-build --no-parallel \
		--filter 'ParserFuzzTests|MailFuzzTests|JSONValueFuzzTests|PushBodyFuzzTests|FaultInjectionTests|SyncModelTests'

# PostgreSQL, CLUSTER_INSTANCES crm-server instances and nginx on 127.0.0.1 (scripts/cluster.sh prints
# the URL); `make cluster-stop` stops them.
cluster: build
	scripts/cluster.sh start --instances $(CLUSTER_INSTANCES)

cluster-stop:
	scripts/cluster.sh stop

# The TUI end to end in tmux (skips with a message when tmux is absent; `make deps` installs it):
# the tour, then triage and bulk actions (with a crm-server for the team directory), then the first
# run on an empty database and the dashboard's trend charts, then what others changed since you
# last looked (two devices through a crm-server).
e2e: build
	bash Tests/e2e/tui-tmux.sh .build/debug/crm
	bash Tests/e2e/tui-bulk-tmux.sh .build/debug/crm .build/debug/crm-server
	bash Tests/e2e/tui-first-run-tmux.sh .build/debug/crm
	bash Tests/e2e/tui-changed-tmux.sh .build/debug/crm .build/debug/crm-server

# Local store (1,000,000 contacts and deals), sync through a real crm-server, analytics; baselines in the same run.
# The release crm too: crm-bench times it as whole processes next to the sqlite3 CLI, and its reads
# during a --strict import of BENCH_READS_IMPORT_ROWS rows in another crm process.
# On a machine shared with other work, BENCH_WRAP="chrt -f 50" runs crm-bench (and the processes it
# starts) ahead of everything else, so its wall clocks are close to an idle machine's (BENCHMARKS.md).
bench: deps
	$(SWIFT) build -c release --product crm
	$(SWIFT) build -c release --product crm-bench
	$(SWIFT) build -c release --product crm-server
	$(BENCH_WRAP) .build/release/crm-bench --contacts $(BENCH_CONTACTS) --import-rows $(BENCH_IMPORT_ROWS) \
		--reads-import-rows $(BENCH_READS_IMPORT_ROWS) --output bench-out.txt

# crm-load against one crm-server on SQLite and two behind nginx on PostgreSQL (not part of `make test`),
# after the CPU-per-request step, the network bench and the log-size bench (LOG_SIZES; see below):
# raises ulimit -n as far as the hard limit allows, spreads crm-load over enough processes and puts
# nginx in front of the SQLite instance when one process cannot hold the clients' sockets; builds
# release, verifies the log afterwards. Smaller: make bench-server CLIENTS=2000 INTERVAL=10 DURATION=60
# BENCH_SERVER_FLAGS passes more options, e.g. "--only sqlite --connection per-sync".
bench-server: deps
	LOG_SIZES=$(LOG_SIZES) scripts/bench-server.sh --clients $(CLIENTS) --interval $(INTERVAL) --duration $(DURATION) $(BENCH_SERVER_FLAGS)

# The bytes one team's day of field work puts on the wire, synced against the legacy way (whole records
# as JSON), on contacts and deals with every column of the Salesforce export in ../shared/fixtures:
# four days (one sync at the end, a sync every 5 records, a sync after each record, one field a sync
# after each record) and a table; fails when the first, the issue's day, is below a 94% reduction
# (scripts/bench-network.sh --day NAME runs one; Docs/SERVER.md, Network). Debug build: bytes do not
# depend on the build type. Also a step of bench-server.
NETWORK_DEVICES ?= 20
NETWORK_RECORDS ?= 20
bench-network: deps
	scripts/bench-network.sh --devices $(NETWORK_DEVICES) --records $(NETWORK_RECORDS)

# Push and pull latency and the server's CPU per request against logs of LOG_SIZES changes, on SQLite and
# on a throwaway PostgreSQL, each log filled by a fast path in the server's own tables (INSERT … SELECT),
# then a table and the ratio of the largest log to the smallest (scripts/bench-log-size.sh;
# Docs/SERVER.md). 10,000,000 changes take about 7 GB of disk per store while they are measured.
LOG_SIZES ?= 1000,1000000,10000000
bench-log-size: deps
	scripts/bench-log-size.sh --sizes $(LOG_SIZES)

# crm-server's CPU per request (empty pulls, one-field pushes, a 64-change page) next to the /healthz
# floor under wrk, which scripts/bench-request-cpu.sh installs from Debian when missing, and a push's and
# a page's own floors (SQLite, libdeflate alone); also the first step of bench-server.
bench-request-cpu: deps
	scripts/bench-request-cpu.sh

# A pulled page's server CPU and compressed size in each pull format (objects, rows, rows2), release.
bench-pull-formats: deps
	scripts/bench-pull-formats.sh

# The framework's floor as the load bench's devices arrive: GET /healthz from 6,000 kept-alive
# connections, one request each every 10 s, against the same under wrk (Debian's, installed when missing).
bench-healthz-paced: deps
	scripts/bench-healthz-paced.sh

# The load bench's mix (12,000 devices, 60 s, one crm-server on SQLite) next to its floor measured in
# the same run: /healthz under wrk, the mix's writes replayed in SQLite alone, its pulls' head rows
# and answers compressed by zstd alone, and the same devices sending GET /healthz in place of their
# pulls and pushes; then the cores that floor needs at the offered rate (scripts/bench-mix-floor.sh).
MIX_CLIENTS ?= 12000
bench-mix-floor: deps
	scripts/bench-mix-floor.sh --clients $(MIX_CLIENTS)

lint:
	$(SWIFT) format lint --recursive --strict Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	scripts/cluster.sh stop
	rm -rf .build .demo
	scripts/postgres.sh stop
