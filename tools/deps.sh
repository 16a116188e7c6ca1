#!/usr/bin/env bash
# Checks for everything Clockwork builds and tests with; as root it installs what is missing from Debian's
# packages, otherwise it prints the exact command to run and fails. Then it starts each emulator for a
# second, exactly as the integration tests do (tests/integration/emulator_smoke.py), because an installed
# emulator can still fail to start (Bochs 2.7 aborts without a sound device unless `sound: driver=dummy`).
#   tools/deps.sh [qemu] [bochs]      the emulators to start (default both; tools/run needs only qemu)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
need() {  # need <package> <test command...>
  local package=$1
  shift
  "$@" >/dev/null 2>&1 || packages+=("$package")
}
need cmake command -v cmake
need ninja-build command -v ninja
need nasm command -v nasm
need python3 command -v python3
need qemu-system-x86 command -v qemu-system-i386
need bochs command -v bochs
need bochsbios test -e /usr/share/bochs/BIOS-bochs-latest
need vgabios test -e /usr/share/vgabios/vgabios.bin
need libgtest-dev test -e /usr/include/gtest/gtest.h
need g++ command -v g++
need g++-multilib sh -c 'echo "int main(){}" | g++ -m32 -x c++ - -o /dev/null'
need gnuplot-nox command -v gnuplot

if [ ${#packages[@]} -ne 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "deps: missing packages. Install them with:" >&2
    echo "  sudo apt-get install ${packages[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi

# busybox-static:i386 for the busybox cases (docs/stock-programs.md): Debian's package, downloaded with
# apt into build-deps/cache/ and unpacked into build-deps/busybox/ (both gitignored: the binary is never
# checked in). CMake puts build-deps/busybox/bin/busybox into the image when it exists (run cmake again
# after this fetched it).
busybox=build-deps/busybox/bin/busybox
if [ ! -x "$busybox" ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "deps: busybox missing. Fetch it (as root) with:" >&2
    echo "  sudo tools/deps.sh    # dpkg --add-architecture i386; apt-get update; apt-get download busybox-static:i386" >&2
    exit 1
  fi
  echo "deps: fetching busybox-static:i386" >&2
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
  fi
  apt-get update -q >/dev/null
  mkdir -p build-deps/cache
  rm -f build-deps/cache/busybox-static_*_i386.deb
  # apt-get download writes into the working directory, as the unprivileged _apt user where it can.
  (cd build-deps/cache && chmod 777 . && apt-get download -q busybox-static:i386 >/dev/null)
  rm -rf build-deps/busybox
  dpkg-deb -x build-deps/cache/busybox-static_*_i386.deb build-deps/busybox
  test -x "$busybox" || { echo "deps: the busybox-static package holds no bin/busybox" >&2; exit 1; }
fi

# About a second per emulator; `timeout` ends it should an emulator hang outside the runner's control.
if ! timeout 60 python3 -B tests/integration/emulator_smoke.py "$@"; then
  echo "deps: an emulator is installed but does not start (the line above names the likely cause)" >&2
  exit 1
fi
