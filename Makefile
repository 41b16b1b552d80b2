# Developer commands. `make help` lists them; on a fresh machine `make install` then `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

MVN ?= ./mvnw -B -ntp
TOOLS := .tools
BUF_VERSION := 1.75.0
# buf from PATH when there is one, otherwise the pinned version from the npm registry in .tools/.
BUF_ON_PATH := $(shell command -v buf 2>/dev/null)
ifeq ($(BUF_ON_PATH),)
BUF := $(TOOLS)/buf/node_modules/.bin/buf
BUF_DEP := $(BUF)
else
BUF := $(BUF_ON_PATH)
BUF_DEP :=
endif
export BUF

# Maven artifact classifier of protoc and protoc-gen-grpc-java for this machine.
OS_ARCH := $(shell uname -m | sed -e 's/^x86_64$$/x86_64/' -e 's/^\(arm64\|aarch64\)$$/aarch_64/')
OS_NAME := $(shell uname -s | sed -e 's/^Linux$$/linux/' -e 's/^Darwin$$/osx/')
CLASSIFIER := $(OS_NAME)-$(OS_ARCH)
pom_property = $(shell $(MVN) -q -N help:evaluate -Dexpression=$(1) -DforceStdout 2>/dev/null)

.PHONY: help
help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(TOOLS)/buf/node_modules/.bin/buf:
	@command -v npm >/dev/null || { echo "npm is needed to install buf (Debian: apt-get install npm)" >&2; exit 1; }
	npm install --no-audit --no-fund --silent --prefix $(TOOLS)/buf @bufbuild/buf@$(BUF_VERSION)

.PHONY: buf
buf: $(BUF_DEP) ## Install buf into .tools/ unless it is on PATH
	@$(BUF) --version

.PHONY: install
install: ## Generate, build and install every artifact into the local Maven repository (the main job)
	$(MVN) install -DskipTests

.PHONY: build-packages build-common build-client build-server
build-packages: ## Build every jar (with sources and javadoc jars) without installing
	$(MVN) package -DskipTests
build-common: ## Build chaukas-spec-common
	$(MVN) package -DskipTests -pl chaukas-spec-common -am
build-client: ## Build chaukas-spec-client (and common)
	$(MVN) package -DskipTests -pl chaukas-spec-client -am
build-server: ## Build chaukas-spec-server (and common)
	$(MVN) package -DskipTests -pl chaukas-spec-server -am

.PHONY: gen-java gen-all
gen-java: $(BUF_DEP) ## Generate Java and gRPC stubs into gen/java with buf (no network plugins)
	@mkdir -p $(TOOLS)/bin
	$(MVN) -q dependency:copy -Dartifact=com.google.protobuf:protoc:$(call pom_property,protoc.version):exe:$(CLASSIFIER) -DoutputDirectory=$(TOOLS)/bin -Dmdep.stripVersion=true -Dmdep.stripClassifier=true
	$(MVN) -q dependency:copy -Dartifact=io.grpc:protoc-gen-grpc-java:$(call pom_property,grpc.version):exe:$(CLASSIFIER) -DoutputDirectory=$(TOOLS)/bin -Dmdep.stripVersion=true -Dmdep.stripClassifier=true
	mv -f $(TOOLS)/bin/protoc.exe $(TOOLS)/bin/protoc
	mv -f $(TOOLS)/bin/protoc-gen-grpc-java.exe $(TOOLS)/bin/protoc-gen-grpc-java
	chmod +x $(TOOLS)/bin/protoc $(TOOLS)/bin/protoc-gen-grpc-java
	$(BUF) generate
	@echo "Generated $$(find gen/java -name '*.java' | wc -l) Java files into gen/java"
gen-all: gen-java ## Same as gen-java (the only language this edition generates)

.PHONY: lint format format-check breaking wire-check wire-check-selftest
lint: $(BUF_DEP) ## buf lint (STANDARD) and buf format check
	$(BUF) lint
	$(BUF) format --diff --exit-code
format: $(BUF_DEP) ## Rewrite the .proto files in buf's format
	$(BUF) format -w
breaking: $(BUF_DEP) ## buf breaking (FILE) against the main branch of this repository
	$(BUF) breaking --against '.git#branch=main'
wire-check: $(BUF_DEP) ## Wire-identical to v1.0.5, both directions, against spec/chaukas-spec-v1.0.5.binpb
	scripts/wire-check
wire-check-selftest: $(BUF_DEP) ## Prove wire-check fails on renamed, renumbered, retyped or added elements
	scripts/wire-check-selftest

.PHONY: hash-crosscheck
hash-crosscheck: ## chaukas-hash-v1 computed by the independent Python implementation equals Java's on every vector
	scripts/hash-crosscheck

.PHONY: test unit-test test-packages
test: lint wire-check wire-check-selftest hash-crosscheck unit-test test-packages ## Everything that guards users
	@echo "make test: all checks passed"
unit-test: ## All JUnit tests (both protobuf runtimes), then install the artifacts for test-packages
	$(MVN) install
test-packages: ## Build a separate consumer project against the installed artifacts, via the BOM
	$(MVN) -f test-packages/consumer/pom.xml test -Dchaukas.version=$(call pom_property,project.version)

.PHONY: api-record
api-record: ## Rewrite api/*.txt, the record of the public API that `make test` checks (review the diff)
	$(MVN) -q install -DskipTests
	$(MVN) -q -pl chaukas-spec-api-check test -Dtest='PublicApiTest#publicApiEqualsTheRecord' -Dchaukas.updateApiRecord=true
	@git --no-pager diff --stat -- api/

.PHONY: bench
BENCH ?= .
JMH_ARGS ?= -f 1 -wi 3 -w 2s -i 5 -r 2s
bench: ## Run JMH benchmarks matching BENCH (a regex; default all); figures go in docs/benchmarks.md
	$(MVN) -q package -DskipTests -pl benchmarks -am
	java -jar benchmarks/target/benchmarks.jar $(JMH_ARGS) '$(BENCH)'

.PHONY: bench-store-candidates
STORE_ARGS ?= --seconds 10 --warmup 3 --rounds 2
bench-store-candidates: ## Embedded durable stores (SQLite variants, segment log, RocksDB) under one group-commit load (~7 min)
	$(MVN) -q package -DskipTests -pl benchmarks -am
	java -Xmx3g -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.store.StoreCandidates $(STORE_ARGS)

# The reference server keeps every event in memory (~6 M events, ~8 GB in a run): a heap with room
# for them, a young generation small enough that collections stay short, pre-touched so that the
# kernel's first-touch page faults are paid at start rather than inside the measured window.
JAVA_SERVER_OPTS ?= -Xms12g -Xmx12g -Xmn2g -XX:+AlwaysPreTouch

BENCH_JAVA_SERVER_CMD = java $(JAVA_SERVER_OPTS) -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.ingest.InMemoryServer \$$PORT
BENCH_NETTY_SERVER_CMD = java $(JAVA_SERVER_OPTS) -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.ingest.NettyJdkHttpServer \$$PORT \$$HTTP_PORT

.PHONY: bench-ingest
bench-ingest: ## Ingest load on 127.0.0.1, gRPC and HTTP: chaukas serve --store, in-memory server, Python peer (~10 min; TARGETS=... to choose)
	$(MVN) -q package -DskipTests -pl benchmarks,chaukas-spec-cli -am
	JAVA_SERVER_CMD="$${JAVA_SERVER_CMD:-$(BENCH_JAVA_SERVER_CMD)}" \
	  NETTY_SERVER_CMD="$${NETTY_SERVER_CMD:-$(BENCH_NETTY_SERVER_CMD)}" benchmarks/ingest/run.sh

# Armeria (InMemoryServer: ReferenceServer.start) against grpc-netty + the JDK's HttpServer
# (NettyJdkHttpServer), same service and store, batch ingest over gRPC and HTTP. HTTP on Armeria
# runs once its HttpApi routes /v1/events/batch; until then run.sh lists it as skipped.
.PHONY: bench-transport
bench-transport: ## Ingest transports: Armeria vs grpc-netty + JDK HttpServer, batches of 100 and 1000 (~4 min)
	$(MVN) -q package -DskipTests -pl benchmarks -am
	TARGETS="$${TARGETS:-java netty}" MODES="$${MODES:-batch}" PROTOCOLS="$${PROTOCOLS:-grpc http}" \
	  JAVA_SERVER_CMD="$${JAVA_SERVER_CMD:-$(BENCH_JAVA_SERVER_CMD)}" \
	  NETTY_SERVER_CMD="$${NETTY_SERVER_CMD:-$(BENCH_NETTY_SERVER_CMD)}" benchmarks/ingest/run.sh

# The store without a server: its own write limit (StoreLimit), and query latency over a loaded
# ReferenceServer (QueryLatency). STORE=memory, or a directory for the store on disk (a fresh one
# under benchmarks/target/store/ by default once it exists).
STORE ?= memory
.PHONY: bench-overload
bench-overload: ## chaukas serve --store under 10x the load it sustains for a minute: heap, Healthz, queries, nothing lost (~2 min)
	$(MVN) -q package -DskipTests -pl benchmarks,chaukas-spec-cli -am
	benchmarks/overload/run.sh

.PHONY: bench-exporter
bench-exporter: ## The exporter: export() cost against OpenTelemetry (JMH), events/s per transport and batch, a 60 s outage in 256 MB (~11 min)
	$(MVN) -q package -DskipTests -pl benchmarks -am
	benchmarks/exporter/run.sh

# StoreLimit runs as the durable server of bench-ingest does: on one CPU, with bin/chaukas's JVM
# options, so that the two figures compare (durable ingest ≥ 80% of the store's own limit).
STORE_LIMIT_OPTS ?= -XX:+UseSerialGC
QUERY_EVENTS ?= 1000000
.PHONY: bench-store
bench-store: ## Store write limit (batches of 100 and 1000) and query p50/p99 over 1M events; STORE=memory|PATH
	$(MVN) -q package -DskipTests -pl benchmarks -am
	taskset -c 0 java $(STORE_LIMIT_OPTS) -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.store.StoreLimit $(STORE) 100
	taskset -c 0 java $(STORE_LIMIT_OPTS) -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.store.StoreLimit $(STORE) 1000
	java $(JAVA_SERVER_OPTS) -cp benchmarks/target/benchmarks.jar ai.chaukas.spec.benchmarks.store.QueryLatency $(STORE) $(QUERY_EVENTS)

.PHONY: clean clean-all
clean: ## Remove Maven build output
	$(MVN) -q clean
	$(MVN) -q -f test-packages/consumer/pom.xml clean
clean-all: clean ## Also remove generated code and installed tools
	rm -rf gen $(TOOLS)
