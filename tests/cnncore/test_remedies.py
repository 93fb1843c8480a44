"""cnncore.nn.remedies and cnncore.store.stories: one change each, and a run's story."""

from __future__ import annotations

import pytest

from cnncore import store
from cnncore.nn import course, remedies
from cnncore.nn.models import PRESETS
from cnncore.nn.training import COURSE_AUGMENTATION
from cnncore.store import stories

DENSE, CNN = course.course_runs(seed=3)


def changed_fields(a, b) -> set[str]:
    flat_a, flat_b = store.flatten(a.to_dict()), store.flatten(b.to_dict())
    return {k for k in flat_a.keys() | flat_b.keys() if flat_a.get(k) != flat_b.get(k)}


@pytest.mark.parametrize("name, changes", [
    ("use_cnn", None),
    ("dropout", {"model.name", "model.dense_layers.0.dropout", "model.dense_layers.1.dropout"}),
    ("augmentation", {f"train.{k}" for k in COURSE_AUGMENTATION if k != "flip"}),   # no flips on digits
    ("early_stopping", {"train.early_stopping"}),
])
def test_each_remedy_changes_one_thing_and_keeps_data_seed_and_schedule(name, changes):
    fixed = remedies.remedy(DENSE, name)
    assert (fixed.dataset, fixed.limit, fixed.train.seed, fixed.train.epochs) == \
        (DENSE.dataset, DENSE.limit, DENSE.train.seed, DENSE.train.epochs)
    if changes is None:                                   # the whole network: the course's CNN
        assert fixed.model == PRESETS["dli-cnn"] and fixed.train == DENSE.train
    else:
        assert changed_fields(DENSE, fixed) == changes


def test_more_data_doubles_a_subset_and_is_not_offered_on_the_whole_set():
    assert "more_data" not in remedies.applicable(DENSE)            # the course set is used whole
    subset = DENSE.__class__(dataset=DENSE.dataset, limit=1500, model=DENSE.model, train=DENSE.train)
    assert remedies.remedy(subset, "more_data").limit == 3000


def test_what_would_change_nothing_is_not_offered_and_refused():
    assert "use_cnn" not in remedies.applicable(CNN)
    assert "dropout" not in remedies.applicable(CNN) or remedies.remedy(CNN, "dropout") != CNN
    with pytest.raises(ValueError, match="use_cnn would not change this run"):
        remedies.remedy(CNN, "use_cnn")
    with pytest.raises(ValueError, match="remedy must be one of"):
        remedies.remedy(CNN, "more_layers")


def test_a_story_is_the_original_then_its_remedies_from_either_end(run_store):
    original = store.create_run(DENSE)
    fix = store.create_run(remedies.remedy(DENSE, "use_cnn"), tags=stories.remedy_tags(original, "use_cnn"))
    other = store.create_run(remedies.remedy(DENSE, "dropout"), tags=stories.remedy_tags(original, "dropout"))
    store.create_run(CNN)                                  # unrelated
    expected = {original: "", fix: "use_cnn", other: "dropout"}
    assert stories.story(original) == expected and list(stories.story(fix)) == list(expected)
    store.delete_runs([other])
    assert stories.story(original) == {original: "", fix: "use_cnn"}


@pytest.mark.parametrize("config", [DENSE, CNN])
def test_every_remedy_builds_a_model_keras_accepts(config):
    from cnncore.nn import models

    for name in remedies.applicable(config):
        models.validate(remedies.remedy(config, name).model)   # a name Keras refuses fails here
