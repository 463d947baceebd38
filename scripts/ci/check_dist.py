"""Check the built distributions: python scripts/ci/check_dist.py DIST_DIR (run from the repo root).

The wheel must hold every file git tracks under wagtail_kb/ (so templates, static files,
migrations and compiled translations all ship), must have non-empty templates/, static/,
migrations/ and locale/ (with compiled .mo catalogs), and must hold nothing of the example site,
the tests, the benchmarks or the docs. The sdist must exist.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

PACKAGE = "wagtail_kb"
REQUIRED_DIRS = ("templates", "static", "migrations", "locale")
FORBIDDEN = ("example_site/", "tests/", "benchmarks/", "docs/")


def only(paths, what):
    if len(paths) != 1:
        sys.exit(f"check_dist: expected one {what}, found {[p.name for p in paths]}")
    return paths[0]


def main(dist_dir):
    dist = Path(dist_dir)
    wheel = only(sorted(dist.glob("*.whl")), "wheel")
    sdist = only(sorted(dist.glob("*.tar.gz")), "sdist")
    names = {name for name in zipfile.ZipFile(wheel).namelist() if not name.endswith("/")}
    problems = []

    for folder in REQUIRED_DIRS:
        if not any(name.startswith(f"{PACKAGE}/{folder}/") for name in names):
            problems.append(f"no {PACKAGE}/{folder}/ files")
    if not any(name.startswith(f"{PACKAGE}/locale/") and name.endswith(".mo") for name in names):
        problems.append(f"no compiled catalogs ({PACKAGE}/locale/*/LC_MESSAGES/*.mo)")

    tracked = subprocess.run(  # noqa: S603 (fixed arguments)
        ["git", "ls-files", "--", PACKAGE],  # noqa: S607 (git from PATH)
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    missing = sorted(path for path in tracked if path not in names)
    problems += [f"tracked file missing from the wheel: {path}" for path in missing]

    stray = sorted(name for name in names if name.startswith(FORBIDDEN))
    problems += [f"file that must not ship: {name}" for name in stray]
    problems += [f"bytecode in the wheel: {name}" for name in names if name.endswith(".pyc")]

    counts = {
        folder: sum(name.startswith(f"{PACKAGE}/{folder}/") for name in names)
        for folder in REQUIRED_DIRS
    }
    print(
        f"check_dist: {wheel.name}: {len(names)} files; "
        + ", ".join(f"{folder} {count}" for folder, count in counts.items())
    )
    print(f"check_dist: {sdist.name}: {sdist.stat().st_size} bytes")
    if problems:
        for problem in problems:
            print(f"check_dist: {problem}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
