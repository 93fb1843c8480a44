"""The code's shape, read from its source with ``ast`` (nothing of it is imported).

Every ``import`` counts, at module level and inside functions alike: a lazy import still
ties the modules together. The rules:

- no import cycle among cnncore modules (a package's ``__init__`` is a module of its own);
- no cnncore module imports Streamlit (the dashboard is built on cnncore, not the reverse);
- imports point downwards only: cli → jobs → export → store → nn → datasets → ops → the base
  (checks, settings, errors); ``cnncore/__init__.py`` and ``cnncore/__main__.py`` are exempt;
- no cnncore file is over 400 lines.

And for the floors above it, pages → dashboard → cnncore:

- the layers point one way: cnncore imports neither dashboard nor pages, dashboard no page;
- no import cycle among dashboard modules;
- a page imports dashboard and cnncore's public API only (:data:`PUBLIC`), and reads no
  store tag (what a run shows is a ``store.RunView``);
- no dashboard or page file is over 300 lines (the catalogue's string tables aside).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cnncore"
MAX_LINES = 400

# Rooms, lowest first. A module may import its own room and the rooms below it.
ROOMS = ["base", "ops", "datasets", "nn", "store", "export", "jobs", "cli"]
BASE = {"checks", "settings", "errors"}          # cnncore/<name>.py: the ground floor
EXEMPT = {"cnncore", "cnncore.__main__"}          # the entry points may import any room


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


FILES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
DASHBOARD = {module_name(p): p for p in sorted((ROOT / "dashboard").rglob("*.py"))}
PAGES = {module_name(p): p for p in sorted((ROOT / "pages").glob("*.py"))}
MODULES = FILES | DASHBOARD | PAGES
PACKAGES = {module_name(p) for p in MODULES.values() if p.name == "__init__.py"}
APP_MAX_LINES = 300

# cnncore's public API, what a page may import: the packages whose namespace is their API
# (never one of their modules), the ground floor, and the rooms whose every module is API.
PUBLIC = {"cnncore", "cnncore.jobs", "cnncore.store", "cnncore.datasets", "cnncore.export",
          "cnncore.errors", "cnncore.settings", "cnncore.checks"}
PUBLIC_ROOMS = {"cnncore.nn", "cnncore.ops"}      # cnncore.nn.models, cnncore.ops.kernels…


def known(name: str) -> str | None:
    """The longest prefix of dotted ``name`` that is a module of cnncore, dashboard or pages."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in MODULES:
            return ".".join(parts[:end])
    return None


def imports(module: str) -> list[tuple[int, str]]:
    """``(line, imported name)`` for every import in ``module``, any depth."""
    return imports_in(MODULES[module].read_text(), module)


def imports_in(source: str, module: str) -> list[tuple[int, str]]:
    """``(line, imported name)`` for every import in ``source`` (the text of ``module``),
    module level and inside functions; relative imports made absolute, and ``from X import
    y`` naming the submodule ``X.y`` when there is one (``from cnncore.nn import models``)."""
    tree = ast.parse(source)
    package = module if module in PACKAGES else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((node.lineno, sub if sub in MODULES else base))
    return found


def graph(modules=FILES, top: str = "cnncore") -> dict[str, dict[str, int]]:
    """module → {module of package ``top`` it imports: first line}."""
    edges: dict[str, dict[str, int]] = {}
    for module in modules:
        out = edges.setdefault(module, {})
        for line, name in imports(module):
            target = known(name) if name.split(".")[0] == top else None
            if target and target != module:
                out.setdefault(target, line)
    return edges


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 2 and parts[1] in BASE:
        return "base"
    if len(parts) >= 2 and parts[1] in ROOMS:
        return parts[1]
    raise AssertionError(f"{module} is in no room: put it in one of {ROOMS} (or add it to BASE)")


def where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_parser_sees_the_package():
    assert {"cnncore", "cnncore.settings", "cnncore.ops.convolution", "cnncore.store"} <= set(FILES)
    assert "cnncore.store" in PACKAGES


def test_resolution_of_the_import_forms():
    def resolved(source: str, module: str = "cnncore.store.tracker") -> set[str]:
        return {known(name) for _, name in imports_in(source, module)}

    assert resolved("from cnncore.nn import models") == {"cnncore.nn.models"}          # a submodule
    assert resolved("from cnncore.store import TAG_WORKER") == {"cnncore.store"}       # a name
    assert resolved("from . import runs") == {"cnncore.store.runs"}                   # relative
    assert resolved("from .runs import get_run") == {"cnncore.store.runs"}
    assert resolved("from ..ops.kernels import BLUR") == {"cnncore.ops.kernels"}
    assert resolved("from . import schema", "cnncore.store") == {"cnncore.store.schema"}   # in __init__
    assert resolved("def f():\n    import cnncore.jobs.cluster") == {"cnncore.jobs.cluster"}   # in a function
    assert resolved("import numpy") == {None}


def described_cycles(edges: dict[str, dict[str, int]]) -> list[str]:
    described = []
    for component in cycles(edges):
        inside = [f"{a} → {b} ({where(a, line)})" for a in component
                  for b, line in edges[a].items() if b in component]
        described.append("cycle among " + ", ".join(component) + ":\n    " + "\n    ".join(inside))
    return described


def test_no_import_cycles():
    described = described_cycles(graph())
    assert not described, "\n".join(described)


def test_no_cnncore_module_imports_streamlit():
    bad = [f"{where(m, line)}: {m} imports {name}" for m in FILES for line, name in imports(m)
           if name.split(".")[0] == "streamlit"]
    assert not bad, "cnncore must not import streamlit:\n" + "\n".join(bad)


def test_imports_point_downwards_only():
    rank = {name: i for i, name in enumerate(ROOMS)}
    bad = []
    for module, targets in graph().items():
        if module in EXEMPT:
            continue
        for target, line in targets.items():
            if target in EXEMPT:
                bad.append(f"{where(module, line)}: {module} imports the package root {target}")
            elif rank[room(target)] > rank[room(module)]:
                bad.append(f"{where(module, line)}: {module} ({room(module)}) imports {target} "
                           f"({room(target)}), a higher room")
    assert not bad, ("imports must point down (" + " → ".join(reversed(ROOMS)) + "):\n" + "\n".join(bad))


@pytest.mark.parametrize("module", sorted(FILES))
def test_no_file_is_over_400_lines(module):
    lines = len(FILES[module].read_text().splitlines())
    assert lines <= MAX_LINES, f"{FILES[module].relative_to(ROOT)} has {lines} lines (limit {MAX_LINES}): split it"


# --------------------------------------------------------------------------- dashboard and pages

def test_the_parser_sees_the_floors_above():
    assert {"dashboard", "dashboard.app", "dashboard.caches", "dashboard.catalogue.train"} <= set(DASHBOARD)
    assert {"pages.train", "pages.experiments"} <= set(PAGES)
    assert {known(name) for _, name in imports_in("from dashboard import caches", "pages.train")} == \
        {"dashboard.caches"}


def test_the_layers_point_one_way():
    """cnncore imports neither dashboard nor pages; dashboard imports no page."""
    below = {**{m: ("dashboard", "pages") for m in FILES}, **{m: ("pages",) for m in DASHBOARD}}
    bad = [f"{where(m, line)}: {m} imports {name}" for m, above in below.items()
           for line, name in imports(m) if name.split(".")[0] in above]
    assert not bad, "pages → dashboard → cnncore, never back:\n" + "\n".join(bad)


def test_no_import_cycles_among_dashboard_modules():
    described = described_cycles(graph(DASHBOARD, "dashboard"))
    assert not described, "\n".join(described)


def public(module: str | None) -> bool:
    return module in PUBLIC or module is not None and module.rpartition(".")[0] in PUBLIC_ROOMS


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_imports_dashboard_and_the_public_api_only(page):
    bad = [f"{where(page, line)}: {name}" for line, name in imports(page)
           if name.split(".")[0] == "pages"
           or name.split(".")[0] == "cnncore" and not public(known(name))]
    assert not bad, (f"{page} imports a private cnncore module (use the package: `from cnncore "
                     f"import store` then store.x; public: {sorted(PUBLIC | PUBLIC_ROOMS)}):\n" + "\n".join(bad))


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_reads_no_store_tag(page):
    text = PAGES[page].read_text()
    assert "TAG_" not in text and ".tags" not in text, f"{page} reads a store tag: use store.RunView"


def test_public_rule_examples():
    assert public("cnncore.store") and public("cnncore.nn.models") and public("cnncore.ops.kernels")
    assert not public("cnncore.store.owners") and not public("cnncore.jobs.sweeps")
    assert not public("cnncore.datasets.cache")


# The catalogue is tables of strings, not code: it grows with every message the app words.
@pytest.mark.parametrize("module", sorted(m for m in DASHBOARD | PAGES if not m.startswith("dashboard.catalogue.")))
def test_no_dashboard_or_page_file_is_over_300_lines(module):
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= APP_MAX_LINES, (f"{MODULES[module].relative_to(ROOT)} has {lines} lines "
                                    f"(limit {APP_MAX_LINES}): split it")
