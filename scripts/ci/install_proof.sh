#!/usr/bin/env bash
# The install proof: a new Wagtail site installs the built wheel the way README tells a site
# developer to, migrates, and serves a knowledge base article.
#
#   scripts/ci/install_proof.sh WHEEL WORKDIR     (WORKDIR is emptied first)
#
# PROOF_PYTHON picks the interpreter (default python3), PROOF_WAGTAIL the Wagtail requirement
# (default: the newest, "wagtail"). Called by .ci/run.
set -euo pipefail

# What README tells a site to add, in one place: extend these as README grows.
PROOF_APPS=(
    wagtail_kb
    wagtail_modeladmin
    wagtail.contrib.settings
    wagtail.contrib.routable_page
    wagtail.contrib.search_promotions
)
# Placed just before django.middleware.csrf.CsrfViewMiddleware, as README says.
PROOF_MIDDLEWARE=(
    wagtail_kb.middleware.RatingCsrfMiddleware
)

wheel=$(realpath "${1:?usage: install_proof.sh WHEEL WORKDIR}")
work=${2:?usage: install_proof.sh WHEEL WORKDIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

rm -rf "$work"
mkdir -p "$work/site"
work=$(realpath "$work")

wagtail=${PROOF_WAGTAIL:-wagtail}
echo "install proof: venv and pip install $(basename "$wheel") '$wagtail'"
"${PROOF_PYTHON:-python3}" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel" "$wagtail"
"$work/venv/bin/python" --version
"$work/venv/bin/python" -m pip list 2>/dev/null | grep -iE '^(django|wagtail|wagtail-kb|wagtail-modeladmin) '

cd "$work/site"
# Wagtail 7.x needs the folder to exist already (8.0.1 does too).
"$work/venv/bin/wagtail" start proofsite .

python_list() { local item out=""; for item in "$@"; do out+="\"$item\", "; done; echo "[${out%, }]"; }
cat >> proofsite/settings/base.py <<PY

# wagtail-kb, installed as its README says (added by scripts/ci/install_proof.sh).
INSTALLED_APPS = $(python_list "${PROOF_APPS[@]}") + INSTALLED_APPS
_csrf = MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware")
MIDDLEWARE[_csrf:_csrf] = $(python_list "${PROOF_MIDDLEWARE[@]}")
PY

cat >> proofsite/urls.py <<'PY'

# wagtail-kb's URLs (llms.txt, Markdown twins), before Wagtail's own (added by install_proof.sh).
urlpatterns.insert(0, path("", include("wagtail_kb.urls")))
PY

export DJANGO_SETTINGS_MODULE=proofsite.settings.dev
"$work/venv/bin/python" manage.py check --fail-level WARNING
"$work/venv/bin/python" manage.py migrate --noinput -v 0
"$work/venv/bin/python" "$here/proof_pages.py"
