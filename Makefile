# Proviso's two set-up commands, `make run` and `make test`, each work on a
# fresh Debian 12 machine: they install what is missing, configure and build.
#
#   make run       build, check the bundled policy and answer sample requests
#   make test      build and run the whole test suite through CTest (with chromium, for the report test)
#   make bench     build and run the benchmark suite (see bench/README.md)
#   make sanitize  build and test with AddressSanitizer and UBSan
#   make format    format the C++ sources with clang-format

.PHONY: all deps configure build run test bench sanitize format clean

all: build

deps:
	@scripts/install-deps

build/build.ninja: CMakeLists.txt CMakePresets.json | deps
	cmake --preset release

configure: deps build/build.ninja

build: configure
	cmake --build --preset release

run: build
	@scripts/demo

test: build
	@scripts/install-deps --with-browser
	ctest --preset release

bench: build
	scripts/run-bench

sanitize: deps
	@test -f build-sanitize/build.ninja || cmake --preset sanitize
	cmake --build --preset sanitize
	ctest --preset sanitize

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build build-sanitize
