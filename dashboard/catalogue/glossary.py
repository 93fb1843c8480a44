"""The Korean glossary: one term per concept, spelled as the course deck spells it.

The deck (``seed/part3-cnn-slides-ko.txt``) fixes most terms: 커널, 합성곱, 스트라이드,
패딩과 제로 패딩, 엣지 (수직 엣지, 수평 엣지), 레이어, 뉴런, 드롭아웃, 과적합, 트레이닝,
검증, 정확도, 밀집 (its line 40: "밀집 (Fully-connected) 뉴럴 네트워크"), 4부 데이터 증강.
Where it writes English (FEATURE MAP, MAX POOLING) or says nothing (batch normalization,
hyperparameter, the pooling window, the flip, early stopping), one Korean term is chosen
here and kept.

Each :class:`Term` lists the variants the catalogue must not use, as regular expressions;
``tests/dashboard/test_glossary.py`` fails if a Korean catalogue entry matches one, or if
an entry whose English matches the term's ``english_pattern`` lacks the Korean term.
This module has no ``TEXT``: it holds rules, not strings a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    english: str
    korean: str                    # the one term the Korean catalogue uses
    rejected: tuple[str, ...]      # regular expressions of variants it must not use
    source: str = "deck"           # "deck": spelled as in the course deck; "chosen": the deck lacks it
    english_pattern: str = ""      # where the English matches this (ignoring case), the Korean says ``korean``


GLOSSARY: dict[str, Term] = {
    "kernel": Term("kernel", "커널", (r"필터(?!\(커널\))", r"필터 수")),
    "filters": Term("filters (Keras Conv2D)", "필터(커널) 수", (r"필터 수",), "chosen"),
    "convolution": Term("convolution", "합성곱", (r"컨볼루션", r"콘볼루션", r"컨벌루션")),
    "stride": Term("stride", "스트라이드", (r"보폭", r"이동 간격")),
    "padding": Term("padding", "패딩", (r"덧대",)),
    "zero_padding": Term("zero padding", "제로 패딩", (r"0 패딩", r"영 패딩", r"0으로 된 테두리")),
    "feature_map": Term("feature map", "특성 맵", (r"피처 ?맵", r"특징 ?맵", r"특성맵"), "chosen"),
    "max_pooling": Term("max pooling", "맥스 풀링", (r"최대 ?풀링", r"최댓값 풀링"), "chosen"),
    "dropout": Term("dropout", "드롭아웃", (r"드랍아웃", r"드롭 아웃")),
    "edge": Term("edge", "엣지", (r"경계", r"에지", r"가장자리", r"모서리")),
    "vertical_edge": Term("vertical edge", "수직 엣지", (r"세로 ?(경계|엣지|에지|소벨)",)),
    "horizontal_edge": Term("horizontal edge", "수평 엣지", (r"가로 ?(경계|엣지|에지|소벨)",)),
    "layer": Term("layer", "레이어", (r"층",)),
    "neuron": Term("neuron (Dense units)", "뉴런", (r"유닛",)),
    "overfitting": Term("overfitting", "과적합", (r"오버피팅", r"과대적합")),
    "training": Term("training", "트레이닝", (r"훈련",)),
    "validation": Term("validation", "검증", (r"밸리데이션",)),
    "accuracy": Term("accuracy", "정확도", (r"(?<!수치 )(?<!연산 )정밀도",)),
    "augmentation": Term("data augmentation (the course's part 4)", "4부 데이터 증강",
                         (r"다음 파트", r"다음 부(?![가-힣])")),
    "batch_norm": Term("batch normalization", "배치 정규화",
                       (r"배치 ?표준화", r"배치 ?노멀", r"BatchNorm(?!alization)"), "chosen"),
    "hyperparameter": Term("hyperparameter (what a sweep varies)", "하이퍼파라미터",
                           (r"(?<!하이퍼)파라미터 ?탐색", r"바꿔 볼 파라미터", r"(?<!하이퍼)파라미터를 탐색",
                            r"(?<!하이퍼)파라미터와 검증"), "chosen"),
    "parameter": Term("parameter (a weight count)", "파라미터", (), "chosen"),
    "epoch": Term("epoch", "에포크", (r"에폭", r"에퐄"), "chosen"),
    "window": Term("window (of a kernel or a pool)", "윈도우",
                   (r"(?<![가-힣])창(?![가-힣])", r"(?<![가-힣])창(마다|은|이|을|의|만)(?![가-힣])"),
                   "chosen"),
    "clip": Term("clip (display)", "클리핑", (r"자르기",), "chosen"),
    "rescale": Term("rescale (display)", "범위 재조정", (r"다시 맞추기",), "chosen"),
    "precision": Term("numeric precision (float32, mixed)", "연산 정밀도", (), "chosen"),
    "random_draw": Term("a random draw", "무작위 추출", (r"추첨",), "chosen"),
    "patience": Term("early-stopping patience", "조기 종료 대기 에포크", (r"인내",), "chosen"),
    # Keras's Dense(...) stays as code; the layer and the network are 밀집, as in the deck.
    "dense": Term("dense (fully connected)", "밀집",
                  (r"덴스", r"Dense(?!\()", r"완전 ?연결", r"전결합", r"FC ?레이어"),
                  english_pattern=r"\bdense\b(?!\()"),
    "pool_window": Term("pooling window (pool size)", "풀링 윈도우",
                        (r"풀링 크기", r"풀 크기", r"(?<!풀링 )윈도우 크기", r"풀링 창"), "chosen",
                        english_pattern=r"\bpool(ing)? (size|window)|\bwindow size"),
    "flip": Term("flip (augmentation)", "좌우 반전",
                 (r"좌우 ?뒤집", r"수평 ?(뒤집|반전|플립)", r"플립"), "chosen",
                 english_pattern=r"\bflips?\b"),
    "early_stopping": Term("early stopping", "조기 종료",
                           (r"조기 ?(중단|중지|멈춤)", r"얼리 ?스탑", r"얼리 ?스토핑", r"이른 종료", r"일찍 멈"),
                           "chosen", english_pattern=r"\bearly[ -]stop|\bstop(ped|s)? early\b"),
}
"""Concept → the one Korean term and its rejected variants."""

PARTICLE_AFTER_PLACEHOLDER = r"\}(?:을|를|이|가|은|는|와|과|로|으로|이어서|였|이었|을\(를\)|이\(가\)|와\(과\))"
"""A Korean particle glued to a ``{placeholder}``: its form depends on the number or name
filled in ("1.33를", "{a}와"), so the catalogue phrases around it instead."""
