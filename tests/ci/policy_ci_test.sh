#!/usr/bin/env bash
# End-to-end test of the CI recipe (scripts/policy-ci) on a scratch git
# repository holding a copy of the bundled policy:
#   a narrowing change passes; a broadening change fails and its Markdown
#   report says BROADENS; a failing policy test fails; a file out of the
#   canonical layout fails; restoring the policy passes again; usage
#   problems exit 2; no temporary folder is left behind.
#
#   tests/ci/policy_ci_test.sh PROVISO_CLI SOURCE_DIR
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PROVISO_CLI SOURCE_DIR" >&2; exit 2; }
proviso=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
source_dir=$(cd "$2" && pwd -P)
policy_ci=$source_dir/scripts/policy-ci

scratch=$(mktemp -d "${TMPDIR:-/tmp}/policy-ci-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
repo=$scratch/repo
# policy-ci's own temporary folders go here, so the test can see they are removed.
export TMPDIR=$scratch/tmp
mkdir -p "$repo" "$TMPDIR"
export PROVISO=$proviso
export PROVISO_DIFF_OUT=$scratch/diff.md

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run_ci NAME EXPECTED_STATUS [ARGS...]: runs policy-ci in the scratch repository.
run_ci() {
  local name=$1 expected=$2
  shift 2
  local status=0
  rm -f "$PROVISO_DIFF_OUT"
  (cd "$repo" && "$policy_ci" "$@") > "$scratch/$name.log" 2>&1 || status=$?
  if [[ $status -ne $expected ]]; then
    fail "$name: policy-ci exited $status, expected $expected; its output:"
    sed 's/^/    | /' "$scratch/$name.log" >&2
  else
    echo "ok: $name (exit $status)"
  fi
  if [[ -n $(ls -A "$TMPDIR") ]]; then
    fail "$name: policy-ci left temporary files behind: $(ls -A "$TMPDIR")"
    rm -rf "${TMPDIR:?}"/*
  fi
}

# expect_in NAME FILE TEXT: the file holds the text.
expect_in() {
  if ! grep -qF -- "$3" "$2" 2> /dev/null; then
    fail "$1: \`$3\` is not in $(basename "$2")"
  fi
}

# edit FILE FROM TO: replaces a line's text (which must be there), then formats the file.
edit() {
  local file=$repo/$1
  grep -qF -- "$2" "$file" || { echo "test set-up: \`$2\` is not in $1" >&2; exit 2; }
  FROM=$2 TO=$3 perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$file"
  "$proviso" fmt "$file" > /dev/null
}

# ---- the scratch repository: the bundled policy, committed ---------------------------

cp -R "$source_dir/policies" "$repo/policies"
(
  cd "$repo"
  git init -q
  git config user.email ci-test@example.com
  git config user.name "policy-ci test"
  git config commit.gpgsign false
  git add policies
  git commit -q -m "the bundled policy"
)
base=$(git -C "$repo" rev-parse HEAD)

run_ci "unchanged" 0 "$base"
expect_in "unchanged" "$PROVISO_DIFF_OUT" "no changes"

# ---- a narrowing change: inferences no longer used for every kind of analytics -----------

inferences='allow inference for personalization.recommendations, analytics under legitimate_interest;'
edit policies/aiworksforus.policy "$inferences" \
  'allow inference for personalization.recommendations, analytics.business_intelligence under legitimate_interest;'
git -C "$repo" commit -q -am "inferences for business intelligence only"
run_ci "narrowing" 0 "$base"
expect_in "narrowing" "$scratch/narrowing.log" "NARROWS"
expect_in "narrowing" "$PROVISO_DIFF_OUT" "NARROWS"
expect_in "narrowing" "$PROVISO_DIFF_OUT" "### Policy changes"
expect_in "narrowing" "$PROVISO_DIFF_OUT" "rule \`inferences\`"
# The report names the old version by its revision, not by a temporary folder.
expect_in "narrowing" "$PROVISO_DIFF_OUT" "$base:policies/aiworksforus.policy"
if grep -qF "$TMPDIR" "$PROVISO_DIFF_OUT"; then fail "narrowing: the report names the temporary folder"; fi
# Failing on any change, the same narrowing fails.
PROVISO_FAIL_ON=any run_ci "narrowing-fail-on-any" 1 "$base"

# ---- a broadening change: inferences also used for security audits -------------------------

git -C "$repo" checkout -q "$base" -- policies
edit policies/aiworksforus.policy "$inferences" \
  'allow inference for personalization.recommendations, analytics, security.audit under legitimate_interest;'
run_ci "broadening" 1 "$base"
expect_in "broadening" "$PROVISO_DIFF_OUT" "BROADENS"
expect_in "broadening" "$PROVISO_DIFF_OUT" "security.audit"
expect_in "broadening" "$scratch/broadening.log" "FAILED (diff)"
# The tests still pass: the diff alone fails the run.
if grep -qF "FAILED (test)" "$scratch/broadening.log"; then fail "broadening: the tests failed too"; fi
# Accepted on purpose, the same change passes.
PROVISO_FAIL_ON=none run_ci "broadening-accepted" 0 "$base"
git -C "$repo" checkout -q HEAD -- policies

# ---- a failing policy test -------------------------------------------------------------------

edit policies/tests/ccpa.policy 'ask users.interests_inferred for sale with acquirer given region = us_ca;
  expect deny by "no-sale";' 'ask users.interests_inferred for sale with acquirer given region = us_ca;
  expect allow;'
run_ci "failing-test" 1 "$base"
expect_in "failing-test" "$scratch/failing-test.log" "FAILED (test)"
if grep -qF "FAILED (diff)" "$scratch/failing-test.log"; then fail "failing-test: the diff failed too"; fi
git -C "$repo" checkout -q HEAD -- policies

# ---- a file out of the canonical layout ---------------------------------------------------------

perl -pi -e 's/^deny all for sale;$/deny   all for sale;/' "$repo/policies/aiworksforus.policy"
grep -qF 'deny   all for sale;' "$repo/policies/aiworksforus.policy" || { echo "test set-up: no \`deny all for sale;\` line" >&2; exit 2; }
run_ci "layout" 1 "$base"
expect_in "layout" "$scratch/layout.log" "FAILED (fmt)"
git -C "$repo" checkout -q HEAD -- policies

# ---- an error in the policy --------------------------------------------------------------------------

perl -pi -e 's/^deny all for sale;$/deny all for sael;/' "$repo/policies/aiworksforus.policy"
run_ci "check-error" 1 "$base"
expect_in "check-error" "$scratch/check-error.log" "FAILED (check)"
git -C "$repo" checkout -q HEAD -- policies

# ---- restored: back to the last commit (the narrowing) -----------------------------------------------

run_ci "restored" 0 "$base"
run_ci "restored-against-head" 0 HEAD
expect_in "restored-against-head" "$PROVISO_DIFF_OUT" "no changes"

# ---- usage problems ----------------------------------------------------------------------------------

run_ci "no-arguments" 2
run_ci "unknown-revision" 2 no-such-branch
PROVISO=$scratch/no-such-proviso run_ci "no-cli" 2 "$base"
PROVISO_FAIL_ON=sometimes run_ci "bad-fail-on" 2 "$base"
run_ci "no-policy" 2 "$base" policies/missing.policy

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "policy-ci end-to-end: every check passed"
