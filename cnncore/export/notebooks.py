"""The files a run leaves as: a Keras script, a Jupyter notebook, a story's notebook.

Pure text from configs (no store, no Keras): :mod:`cnncore.export` finds the configs of a
run or a story and hands them here. Notebooks are built with ``nbformat`` (version 4) and
returned as their JSON text, ready to save as ``.ipynb``.
"""

from __future__ import annotations

from cnncore.export.code import imports, sections
from cnncore.export.prose import check_language, words
from cnncore.nn import remedies
from cnncore.nn.training import RunConfig


def script_text(config: RunConfig, *, lang: str = "en", run_id: str = "") -> str:
    """``config`` as one Python script: a docstring, the imports, then each section under a
    ``# %%`` heading (editors such as VS Code run those as cells)."""
    check_language(lang)
    doc = [_title("doc_title", config, lang, run_id),
           "", words("doc_body", lang)]
    parts = ['"""' + "\n".join(doc) + '\n"""', imports([config], target="script")]
    parts += [f"# %% {section.title}\n{section.code}" for section in sections(config, lang, target="script")]
    return "\n\n".join(parts) + "\n"


def notebook_text(config: RunConfig, *, lang: str = "en", run_id: str = "") -> str:
    """``config`` as a Jupyter notebook (JSON text): a markdown cell before each code cell."""
    check_language(lang)
    title = _title("nb_title", config, lang, run_id)
    cells = [_markdown(words("nb_intro", lang, title=title)),
             _markdown(f"## {words('sec_imports', lang)}\n\n{words('nb_imports', lang)}"),
             _code(imports([config], target="notebook"))]
    for section in sections(config, lang, target="notebook"):
        cells += [_markdown(f"## {section.title}\n\n{section.about}"), _code(section.code)]
    return _write(cells, lang)


def story_text(chapters: list[tuple[str, RunConfig]], *, lang: str = "en") -> str:
    """A story as one notebook (JSON text): every run trained in turn, then all curves on
    one chart. ``chapters``: ``(remedy, config)`` pairs, the original run first with
    remedy ``""``."""
    check_language(lang)
    original = chapters[0][1]
    cells = [_markdown("# " + words("story_title", lang, model=original.model.name, dataset=original.dataset)
                       + "\n\n" + words("story_intro", lang)),
             _code(imports([config for _, config in chapters], target="notebook") + "\n\nhistories = {}")]
    for number, (remedy, config) in enumerate(chapters, start=1):
        label = f"{number} {remedy or config.model.name}"      # the legend: ASCII, any font draws it
        heading = words(f"remedy_{remedy}", lang) if remedy else words("story_original", lang,
                                                                         model=config.model.name)
        cells.append(_markdown(words("story_run", lang, number=number, label=heading) + "\n\n"
                               + words(f"story_about_{remedy or 'original'}", lang, **REMEDY_VALUES)))
        for section in sections(config, lang, target="notebook", label=label):
            about = f"\n\n{section.about}" if number == 1 else ""   # said once; later chapters show what changed
            cells += [_markdown(f"### {section.title}{about}"), _code(section.code)]
    cells += [_markdown(words("story_together", lang)), _code(STORY_PLOT)]
    return _write(cells, lang)


# The numbers the remedies' descriptions give (cnncore.nn.remedies applies them), in percent.
REMEDY_VALUES = {"dense": f"{100 * remedies.DENSE_DROPOUT:g}", "conv": f"{100 * remedies.CONV_DROPOUT:g}",
                 "patience": remedies.PATIENCE}

STORY_PLOT = """\
for (label, run), color in zip(histories.items(), plt.cm.tab10.colors):
    epochs = range(1, len(run["accuracy"]) + 1)
    plt.plot(epochs, run["val_accuracy"], color=color, label=label)
    plt.plot(epochs, run["accuracy"], "--", color=color)
plt.xlabel("epoch")
plt.ylabel("accuracy (dashed: training)")
plt.title("Validation accuracy of every run")
plt.legend()
plt.show()"""


def _title(key: str, config: RunConfig, lang: str, run_id: str) -> str:
    """The title naming the run (its id's first 8 characters), or only its model and data."""
    values = {"model": config.model.name, "dataset": config.dataset}
    return words(key, lang, run=run_id[:8], **values) if run_id else words(f"{key}_config", lang, **values)


def _markdown(text: str):
    import nbformat

    return nbformat.v4.new_markdown_cell(text)


def _code(text: str):
    import nbformat

    return nbformat.v4.new_code_cell(text)


def _write(cells: list, lang: str) -> str:
    import nbformat

    book = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}, "cnnlab": {"lang": lang}})
    nbformat.validate(book)
    return nbformat.writes(book)
