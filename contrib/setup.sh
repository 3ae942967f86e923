#!/usr/bin/env bash
# Sets grit up on a fresh Debian machine: installs the Debian packages it needs
# (when missing), builds build/grit, then runs grit's main job on a demo
# repository and prints the result.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config git zlib1g-dev libssl-dev
          libdeflate-dev libxxhash-dev libfmt-dev libspdlog-dev catch2
          python3-git pandoc)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "Installing: ${missing[*]}"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"

[ "${1:-}" = "--build-only" ] && exit 0

demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
git init -q "$demo/repo"
(
	cd "$demo/repo"
	for i in 1 2 3; do
		echo "hello $i" >file.txt
		git add file.txt
		git -c user.name=grit -c user.email=grit@example.com commit -q -m "commit $i"
	done
	git gc -q
	echo "A commit made after packing" >new.txt && git add new.txt
	git -c user.name=grit -c user.email=grit@example.com commit -q -m "loose commit"
)
echo "grit cat-file --batch-check --batch-all-objects on a demo repository:"
"$BUILD_DIR/grit" -C "$demo/repo" cat-file --batch-check --batch-all-objects
