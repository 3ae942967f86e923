# grit's shell test library: TAP output, git-style test_expect_success, and
# parity helpers that run the real git and grit on the same repository.
#
# A test script sources this file, then calls test_expect_success and
# test_done. Each script runs in its own temporary directory ($TRASH), with a
# private HOME and no system config, so git and grit see the same setup.

set -u
: "${GRIT_SOURCE_DIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${GRIT_BUILD_DIR:=$GRIT_SOURCE_DIR/build}"
GRIT="$GRIT_BUILD_DIR/grit"
if ! test -x "$GRIT"; then
	echo "Bail out! $GRIT is not built"
	exit 1
fi
REAL_GIT=$(command -v git)
export GRIT REAL_GIT GRIT_REAL_GIT="$REAL_GIT"

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/grit-test.XXXXXX")
trap 'cd /; rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1
export HOME="$TRASH"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES \
	GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_CONFIG_GLOBAL GIT_INDEX_FILE GRIT_TRACE
export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_AUTHOR_DATE="1112911993 -0700" GIT_COMMITTER_DATE="1112911993 -0700"
export LC_ALL=C TZ=UTC
git config --global init.defaultBranch main
git config --global user.name "C O Mitter"
git config --global user.email committer@example.com

test_count=0
test_failures=0

say() { printf '%s\n' "$*"; }

# test_expect_success <title> <body>: runs body (eval'd in this shell) and
# reports ok / not ok.
test_expect_success() {
	test_count=$((test_count + 1))
	local title=$1 body=$2
	local out
	out=$( { eval "$body"; } 2>&1 )
	local rc=$?
	if test $rc -eq 0; then
		say "ok $test_count - $title"
	else
		test_failures=$((test_failures + 1))
		say "not ok $test_count - $title"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
}

# The same, but the body runs in this shell so that it can set variables
# and change directory for the tests after it. Output is not captured.
test_setup() {
	test_count=$((test_count + 1))
	local title=$1 body=$2
	if eval "$body" >"$TRASH/.setup.log" 2>&1; then
		say "ok $test_count - $title"
	else
		test_failures=$((test_failures + 1))
		say "not ok $test_count - $title"
		sed 's/^/#   /' "$TRASH/.setup.log"
	fi
}

test_done() {
	say "1..$test_count"
	if test $test_failures -ne 0; then
		say "# failed $test_failures among $test_count test(s)"
		exit 1
	fi
	exit 0
}

test_cmp() { diff -u "$1" "$2"; }

# parity <args...>: runs `git <args>` and `grit <args>` in the current
# directory with standard input from $PARITY_STDIN (default /dev/null) and
# compares stdout, stderr and exit status. Prints the differences on failure.
parity() {
	local in=${PARITY_STDIN:-/dev/null}
	local d=$TRASH/.parity
	mkdir -p "$d"
	"$REAL_GIT" "$@" <"$in" >"$d/git.out" 2>"$d/git.err"
	echo $? >"$d/git.rc"
	"$GRIT" "$@" <"$in" >"$d/grit.out" 2>"$d/grit.err"
	echo $? >"$d/grit.rc"
	local ok=0
	cmp -s "$d/git.rc" "$d/grit.rc" || { echo "exit status: git $(cat "$d/git.rc"), grit $(cat "$d/grit.rc")"; ok=1; }
	cmp -s "$d/git.out" "$d/grit.out" || { echo "stdout differs:"; diff -u --label git --label grit "$d/git.out" "$d/grit.out" | head -40; ok=1; }
	cmp -s "$d/git.err" "$d/grit.err" || { echo "stderr differs:"; diff -u --label git --label grit "$d/git.err" "$d/grit.err" | head -40; ok=1; }
	return $ok
}

# parity_stdin <file> <args...>: parity with standard input from <file>.
parity_stdin() {
	local file=$1
	shift
	PARITY_STDIN=$file parity "$@"
}

# parity_in <dir> <args...>: parity run from inside <dir>.
parity_in() {
	local dir=$1
	shift
	(cd "$dir" && parity "$@")
}

# make_history <dir> <commits>: a repository with a few files edited over
# <commits> commits, so that packing it gives real delta chains.
make_history() {
	local dir=$1 n=$2 i
	git init -q "$dir" || return 1
	(
		cd "$dir" &&
		mkdir -p src/sub docs &&
		for i in $(seq 1 "$n"); do
			seq 1 $((i * 7)) | sed "s/^/line $i /" >src/file.c &&
			printf 'version %d\n%s\n' "$i" "$(seq 1 50)" >docs/readme.txt &&
			echo "sub $i" >src/sub/$((i % 5)).txt &&
			git add -A && git commit -q -m "commit $i" || exit 1
		done
	)
}

# parity_each <args>...: parity for each argument string (split on spaces).
parity_each() {
	local rc=0 args
	for args in "$@"; do
		# shellcheck disable=SC2086
		parity $args || { echo "  ^ for: git $args"; rc=1; }
	done
	return $rc
}

# patch_bytes <file> <offset> <hex bytes>: overwrite bytes in place.
patch_bytes() {
	printf "$(printf '%s' "$3" | sed 's/../\\x&/g')" |
	dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# flip_byte <file> <offset>: invert every bit of one byte.
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	patch_bytes "$1" "$2" "$(printf '%02x' $((b ^ 255)))"
}
