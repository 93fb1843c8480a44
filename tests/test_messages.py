"""Every message a learner can meet is a code with values, worded by the catalogue.

cnncore's source is read with ``ast`` (nothing of it is run). A page, an upload or a URL
reaches every room of cnncore but ``cli/``, so every raise site is held to one rule. A raise
site constructs an exception; it is *coded* when it constructs a
:class:`cnncore.errors.CodedError` (an ``InvalidInput``, ``NotAllowed``,
``DatasetUnavailable``) or a ``TrainingDiverged``, calls a cnncore function that returns one
(``out_of_range(...)``, ``_too_large(...)``), or re-scopes a coded error
(``exc.within(...)``). Every other raise site is English a page never shows, and says so on
its line with a mark: ``# cli-only`` (only the command line gets there), ``# admin`` (a
setting or a service the admin made) or ``# internal`` (a broken invariant or a caller's
bug, not a learner's mistake). Re-raising an error that exists already (``raise``,
``raise exc``) is no raise site.

The catalogue words every code raised anywhere (``err_<code>``), every data-set note
(``note_<code>``) and every verdict (``verdict_kind_<kind>``, ``verdict_reason_<reason>``),
in English and Korean.
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cnncore"
MARK = re.compile(r"#\s*(cli-only|admin|internal)\b")
FILES = sorted(PACKAGE.rglob("*.py"))
TREES = {path: ast.parse(path.read_text()) for path in FILES}


def _name(node: ast.expr) -> str | None:
    """``Foo`` of ``Foo``, ``mod.Foo``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _classes() -> tuple[set[str], set[str]]:
    """(coded error classes, every class) cnncore defines, by name: a coded one derives from
    ``CodedError`` (or is ``TrainingDiverged``, which carries a code of its own)."""
    bases = {node.name: {_name(b) for b in node.bases}
             for tree in TREES.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    coded = {"CodedError", "TrainingDiverged"}
    while more := {name for name, of in bases.items() if of & coded} - coded:
        coded |= more
    return coded, set(bases)


CODED, CLASSES = _classes()
BUILTIN = {name for name in dir(builtins)
           if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)}
EXITS = {"SystemExit", "KeyboardInterrupt", "GeneratorExit"}     # not errors: a process ending


def _helpers() -> set[str]:
    """cnncore's module functions whose every ``return`` constructs a coded error
    (``out_of_range(...)``, ``_too_large(...)``), by name."""
    found = set()
    for tree in TREES.values():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                returns = [n.value for n in ast.walk(node) if isinstance(n, ast.Return)]
                if returns and all(isinstance(r, ast.Call) and (_name(r.func) in CODED or _is_within(r))
                                   for r in returns):
                    found.add(node.name)
    return found


def _is_within(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "within"


def _constructions(expr: ast.expr | None) -> list[ast.expr]:
    """What a ``raise`` constructs: calls, and bare exception classes (``raise ValueError``);
    a raised variable or attribute is an error made elsewhere, re-raised."""
    if expr is None:
        return []
    if isinstance(expr, ast.IfExp):
        return _constructions(expr.body) + _constructions(expr.orelse)
    if isinstance(expr, ast.Call):
        return [] if _name(expr.func) in EXITS else [expr]
    if isinstance(expr, ast.Name) and (expr.id in BUILTIN or expr.id in CLASSES):
        return [expr]
    return []


def raise_sites() -> list[tuple[str, int, bool, str]]:
    """``(file, line, coded, mark)`` for every raise site in cnncore."""
    sites = []
    helpers = _helpers()
    for path, tree in TREES.items():
        lines = path.read_text().splitlines()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise):
                continue
            made = _constructions(node.exc)
            if not made:
                continue
            coded = all(isinstance(m, ast.Call) and (_name(m.func) in CODED | helpers or _is_within(m))
                        for m in made)
            text = "\n".join(lines[node.lineno - 1:node.end_lineno])
            mark = MARK.search(text)
            sites.append((str(path.relative_to(ROOT)), node.lineno, coded, mark.group(1) if mark else ""))
    return sites


SITES = raise_sites()


def test_the_scan_finds_coded_and_marked_sites():
    assert sum(coded for *_, coded, _ in SITES) > 100
    assert {"CodedError", "InvalidInput", "NotAllowed", "DatasetUnavailable", "TrainingDiverged"} <= CODED


def test_every_raise_site_is_coded_or_marked():
    """A page, an upload or a URL reaches almost all of cnncore; what it cannot reach says so."""
    bare = [f"{file}:{line}" for file, line, coded, mark in SITES if not coded and not mark]
    assert bare == [], ("raise InvalidInput(code, message, **values) here, or mark the line "
                        f"# cli-only / # admin / # internal: {bare}")


# --------------------------------------------------------------------------- the catalogue

def raised_codes() -> set[str]:
    """Every code a coded error is constructed with, anywhere in cnncore: a literal, or a
    name bound to literals in the same function (``code = "a" if … else "b"``)."""
    codes = set()
    for tree in TREES.values():
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in CODED):
                continue
            position = 1 if _name(node.func) == "TrainingDiverged" else 0
            given = node.args[position] if len(node.args) > position else next(
                (k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                codes.add(given.value)
            elif isinstance(given, ast.Name):
                scope = next((f for f in functions if f.lineno <= node.lineno <= f.end_lineno), tree)
                for assign in ast.walk(scope):
                    if isinstance(assign, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == given.id for t in assign.targets):
                        codes |= {c.value for c in ast.walk(assign.value)
                                  if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return codes


@pytest.fixture(scope="module")
def catalogue():
    from dashboard import i18n

    return i18n.CATALOGUE


def _worded(catalogue, key: str) -> bool:
    english, korean = catalogue.get(key, ("", ""))
    return bool(english.strip()) and bool(korean.strip()) and bool(re.search("[가-힣]", korean))


def test_every_code_raised_anywhere_is_worded_in_both_languages(catalogue):
    codes = raised_codes()
    assert {"pool_too_big", "csv_not_number", "loss_exploded", "not_owner", "download_offline"} <= codes
    assert sorted(c for c in codes if not _worded(catalogue, f"err_{c}")) == []


def test_every_note_and_verdict_is_worded_in_both_languages(catalogue):
    from cnncore.datasets import NOTES_EN
    from cnncore.nn import verdict

    keys = ([f"note_{code}" for code in NOTES_EN] + [f"verdict_kind_{k}" for k in verdict.VERDICTS]
            + [f"verdict_reason_{r}" for r in verdict.REASONS])
    assert sorted(k for k in keys if not _worded(catalogue, k)) == []
    assert set(verdict.KIND_EN) == set(verdict.VERDICTS) and set(verdict.REASON_EN) == set(verdict.REASONS)


def test_notes_and_verdicts_have_one_english_wording(catalogue):
    """The catalogue's English is cnncore's (which the command line prints), not a second one."""
    from cnncore.datasets import NOTES_EN
    from cnncore.nn import verdict

    for code, english in NOTES_EN.items():
        assert catalogue[f"note_{code}"][0] == english
    for reason, english in verdict.REASON_EN.items():
        assert catalogue[f"verdict_reason_{reason}"][0] == english
    for kind, english in verdict.KIND_EN.items():
        assert catalogue[f"verdict_kind_{kind}"][0].lower() == english


def test_korean_placeholders_are_the_english_ones(catalogue):
    """A Korean wording uses only values its English one has (else it fails to format)."""
    fields = re.compile(r"\{(\w+)")
    keys = [k for k in catalogue if k.startswith(("err_", "note_", "verdict_"))]
    wrong = [k for k in keys if set(fields.findall(catalogue[k][1])) - set(fields.findall(catalogue[k][0]))]
    assert wrong == []


# --------------------------------------------------------------------------- as a reader sees them

def _mistakes():
    """What the issue names: epochs set to 0, a bad CSV uploaded, a bad sweep value typed,
    and more a learner meets; each a call that must raise a coded error."""
    from cnncore import datasets
    from cnncore.nn import space, training
    from cnncore.store import owners

    base = training.RunConfig(dataset="digits")
    return {
        "int_out_of_range": lambda: training.TrainConfig(epochs=0),
        "csv_not_number": lambda: datasets.load_upload("bad.csv", b"label,p1,p2,p3,p4\n1,2,x,4,5\n"),
        "upload_suffix_bad": lambda: datasets.load_upload("notes.txt", b"hello"),
        "path_value_bad": lambda: space.parse("filters", "8, lots"),
        "sweep_range_needs_random": lambda: space.parse("learning_rate", "1e-4:1e-2"),
        "layer_positive_int": lambda: space.SweepConfig(base=base, params=(space.parse("units", "0"),)),
        "number_out_of_range": lambda: training.TrainConfig(val_fraction=1.5),
        "not_owner": lambda: owners.check("bob@x.org", "delete", "run 3f2a1b9c", "alice@x.org"),
    }


@pytest.mark.parametrize("code", ["int_out_of_range", "csv_not_number", "upload_suffix_bad", "path_value_bad",
                                  "sweep_range_needs_random", "layer_positive_int", "number_out_of_range",
                                  "not_owner"])
def test_a_learners_mistake_reads_in_korean(code, monkeypatch):
    from cnncore.errors import CodedError
    from dashboard import i18n, ui

    with pytest.raises((ValueError, PermissionError)) as info:
        _mistakes()[code]()
    exc = info.value
    assert isinstance(exc, CodedError) and exc.code == code, exc
    for module in (ui, i18n):
        monkeypatch.setattr(module, "current_language", lambda: "ko")
    text = ui.error_text(exc)
    assert re.search("[가-힣]", text) and "Received" not in text, text
    if exc.values.get("where"):                     # a sweep value: the page says which one
        assert text.startswith(f"{exc.values['where']}: ")
    for module in (ui, i18n):
        monkeypatch.setattr(module, "current_language", lambda: "en")
    assert ui.error_text(exc) == str(exc)


def test_a_coded_error_keeps_its_code_across_the_parser_process():
    """An upload is parsed in a child process: its error comes back with code and values."""
    from cnncore import datasets

    with pytest.raises(ValueError) as info:
        datasets.load_upload("bad.csv", b"label,p1,p2,p3,p4\n1,2,x,4,5\n")
    assert (info.value.code, info.value.values) == ("csv_not_number", {"text": "'x'", "row": 1, "column": 3})
