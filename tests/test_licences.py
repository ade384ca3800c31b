"""The project's licence holds: no runtime dependency, direct or transitive, is copyleft.

congvan is Apache-2.0 (``LICENSE``, ``pyproject.toml``, README). That is only true while
everything it installs and imports at run time can be combined with it: a GPL or AGPL
package (PyMuPDF is AGPL; underthesea was GPL-3.0 up to 9.2.11) would make the whole program
GPL when distributed. Weak copyleft (LGPL, MPL) applies to the library's own files and is
fine. This test reads the installed packages' own metadata, so it checks the versions
``pip`` actually resolved, not what we believe they are.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import tomllib

from conftest import ROOT
from packaging.requirements import Requirement

# Dual-licensed packages, and the licence we take them under.
DUAL = {"text-unidecode": "Artistic License or GPL (its README): taken under the Artistic License"}
_WEAK = re.compile(r"(GNU )?(Lesser|Library) General Public License|LGPL[-\w.+]*", re.I)
_STRONG = re.compile(r"\bA?GPL|General Public License|Affero", re.I)


def _licence_text(dist: md.Distribution) -> str:
    meta = dist.metadata
    parts = [meta.get("License-Expression") or "", (meta.get("License") or "").split("\n", 1)[0]]
    parts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " | ".join(p for p in parts if p)


def _runtime_closure() -> dict[str, md.Distribution]:
    """congvan's installed runtime dependencies (no extras), transitively, by normalised name."""
    found: dict[str, md.Distribution] = {}
    todo = ["congvan"]
    while todo:
        name = todo.pop()
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # an optional dependency not installed here
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in found:
            continue
        found[key] = dist
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def test_no_runtime_dependency_is_copyleft() -> None:
    closure = _runtime_closure()
    assert {"underthesea", "spacy", "prefect", "pdfplumber", "python-docx"} <= closure.keys()
    strong = {}
    for name, dist in closure.items():
        if name == "congvan" or name in DUAL:
            continue
        text = _WEAK.sub("", _licence_text(dist))
        if _STRONG.search(text):
            strong[name] = _licence_text(dist)
    assert not strong, f"copyleft runtime dependencies: {strong}"


def test_underthesea_is_the_apache_release() -> None:
    """underthesea changed licence at 9.3.0 (9.0-9.2.11 are GPL-3.0): the project pins the Apache-2.0 releases."""
    from packaging.version import Version

    assert "Apache" in _licence_text(md.distribution("underthesea"))
    assert Version(md.version("underthesea")) >= Version("9.3")


def test_the_licence_is_stated_the_same_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licence", 1)[1].split("\n## ", 1)[0]
    assert "Apache-2.0" in section and "GPL-3.0-or-later" not in section


def test_the_check_tells_strong_from_weak_copyleft() -> None:
    def strong(text: str) -> bool:
        return bool(_STRONG.search(_WEAK.sub("", text)))

    assert strong("AGPL-3.0-only") and strong("GPL-3.0-or-later") and strong("License :: OSI Approved :: GNU General Public License v3 (GPLv3)")
    assert not strong("LGPL-3.0-only") and not strong("License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)")
    assert not strong("MPL-2.0 AND MIT") and not strong("Apache-2.0")
