"""A run and its remedies as one story: sibling runs tagged with the run they fix.

A remedy run (:mod:`cnncore.nn.remedies`) carries the tags ``cnnlab.remedy_of`` (the
original run's id) and ``cnnlab.remedy`` (which fix), so any dashboard can show the
original with every fix drawn over it, and a link (``?story=<run id>``) reopens it.
"""

from __future__ import annotations

from cnncore.store.connection import client, experiment_id
from cnncore.store.schema import quoted

TAG_REMEDY_OF = "cnnlab.remedy_of"
TAG_REMEDY = "cnnlab.remedy"


def remedy_tags(run_id: str, remedy: str) -> dict[str, str]:
    """The tags that make a new run remedy ``remedy`` of ``run_id`` (for ``jobs.submit``)."""
    return {TAG_REMEDY_OF: run_id, TAG_REMEDY: remedy}


def story(run_id: str) -> dict[str, str]:
    """``{run_id: ""}`` then ``{remedy_run_id: remedy}`` for each remedy run, oldest first.

    Given a remedy run, the story is its original's.
    """
    c = client()
    original = c.get_run(run_id).data.tags.get(TAG_REMEDY_OF) or run_id
    found = c.search_runs([experiment_id()], filter_string=f"tags.`{TAG_REMEDY_OF}` = '{quoted(original)}'",
                          max_results=1000, order_by=["attributes.start_time ASC"])
    return {original: ""} | {r.info.run_id: r.data.tags.get(TAG_REMEDY, "") for r in found
                             if r.info.lifecycle_stage == "active"}
