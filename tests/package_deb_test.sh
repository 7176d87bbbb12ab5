#!/usr/bin/env bash
# package-deb: `cpack -G DEB` with the build folder's CPack configuration, into a temporary folder; the
# package must hold /usr/bin/rollout-audit (which runs and prints the project's version), the rule pages,
# and Depends computed by dpkg-shlibdeps that name the Debian runtime libraries (libgit2 ...).
#   package_deb_test.sh BUILD_DIR VERSION
set -euo pipefail
build="$1" version="$2"
for tool in cpack dpkg-deb dpkg-shlibdeps file; do
  command -v "$tool" >/dev/null || { echo "package-deb: $tool is missing: run scripts/install-deps"; exit 1; }
done
out="$(mktemp -d "${TMPDIR:-/tmp}/rollout-audit-deb.XXXXXX")"
trap 'rm -rf "$out"' EXIT
failed=0
fail() { echo "FAILED: $1"; failed=1; }

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log"
  echo "FAILED: cpack -G DEB"
  exit 1
fi
debs=("$out"/rollout-audit_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$out/cpack.log"; echo "FAILED: one rollout-audit_*.deb (got: ${debs[*]})"; exit 1; }
deb="${debs[0]}"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

contents="$(dpkg-deb -c "$deb")"
field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -f "$deb"

[ "$(field Package)" = "rollout-audit" ] || fail "Package is rollout-audit"
[ "$(field Version)" = "$version" ] || fail "Version is $version, not '$(field Version)'"
[ -n "$(field Maintainer)" ] || fail "a Maintainer"
[ -n "$(field Description)" ] || fail "a Description"
depends="$(field Depends)"
for library in libgit2 libcmark-gfm libyaml-cpp libre2 libfmt libc6 libstdc++6; do
  grep -q "$library" <<<"$depends" || fail "Depends names $library (Depends: $depends)"
done
grep -qE '^-rwxr-xr-x .* \./usr/bin/rollout-audit$' <<<"$contents" || fail "the package holds ./usr/bin/rollout-audit, executable"
grep -q '\./usr/share/doc/rollout-audit/rules/evidence-missing\.md$' <<<"$contents" || fail "the package holds the rule pages"
grep -q '\./usr/share/doc/rollout-audit/ci\.md$' <<<"$contents" || fail "the package holds docs/ci.md"

# The packaged binary runs and is stripped.
mkdir "$out/root"
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/rollout-audit" --version | grep -qF "$version" || fail "the packaged rollout-audit --version prints $version"
if command -v file >/dev/null; then
  file "$out/root/usr/bin/rollout-audit" | grep -q ', stripped' || fail "the packaged binary is stripped"
fi

# What the README says: apt install ./rollout-audit_*.deb resolves (simulated: nothing is installed).
simulated="$(cd "$out" && apt-get install -s -q "./$(basename "$deb")" 2>&1)" || true
grep -q '^Inst rollout-audit ' <<<"$simulated" || fail "apt-get install -s ./$(basename "$deb") would install it: $simulated"

[ "$failed" -eq 0 ] || exit 1
echo "package-deb: all checks passed"
