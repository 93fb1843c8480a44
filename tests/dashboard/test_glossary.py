"""The Korean catalogue speaks the course deck's language: one term per concept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.catalogue.glossary import GLOSSARY, PARTICLE_AFTER_PLACEHOLDER

DECK = Path(__file__).resolve().parents[3] / "shared" / "seed" / "part3-cnn-slides-ko.txt"


def korean_entries():
    return [(key, pair[1]) for key, pair in i18n.CATALOGUE.items()]


@pytest.mark.parametrize("concept", list(GLOSSARY))
def test_no_korean_entry_uses_a_rejected_variant(concept):
    term = GLOSSARY[concept]
    hits = [(key, pattern, text) for key, text in korean_entries()
            for pattern in term.rejected if re.search(pattern, text)]
    assert hits == [], f"use {term.korean!r} for {term.english}: {hits}"


@pytest.mark.parametrize("concept", [c for c, term in GLOSSARY.items() if term.english_pattern])
def test_where_the_english_names_the_concept_the_korean_uses_the_term(concept):
    term = GLOSSARY[concept]
    missing = [(key, text) for key, (english, text) in i18n.CATALOGUE.items()
               if re.search(term.english_pattern, english, re.IGNORECASE) and term.korean not in text]
    assert missing == [], f"say {term.korean!r} for {term.english}: {missing}"


def test_the_preferred_terms_are_not_themselves_rejected():
    for concept, term in GLOSSARY.items():
        for other in GLOSSARY.values():
            for pattern in other.rejected:
                assert not re.fullmatch(pattern, term.korean), (concept, pattern)


def test_no_particle_is_glued_to_a_placeholder():
    hits = [(key, text) for key, text in korean_entries() if re.search(PARTICLE_AFTER_PLACEHOLDER, text)]
    assert hits == []


@pytest.mark.skipif(not DECK.is_file(), reason="the course deck is not on this machine")
def test_deck_terms_are_spelled_as_in_the_deck():
    deck = DECK.read_text(encoding="utf-8")
    for concept, term in GLOSSARY.items():
        if term.source == "deck" and concept != "augmentation":
            assert term.korean in deck, (concept, term.korean)
    assert "4부: 데이터 증강" in deck


def test_filters_are_called_kernels():
    keras_filters = [text for key, text in korean_entries() if "필터" in text]
    assert all("필터(커널)" in text for text in keras_filters), keras_filters
