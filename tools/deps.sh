#!/usr/bin/env bash
# Checks for everything Clockwork builds and tests with; as root it installs what is missing from Debian's
# packages, otherwise it prints the exact command to run and fails.
set -euo pipefail

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

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "deps: installing ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
  exit 0
fi
echo "deps: missing packages. Install them with:" >&2
echo "  sudo apt-get install ${packages[*]}" >&2
exit 1
