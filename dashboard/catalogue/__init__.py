"""The user-facing text of CNN Lab, English and Korean, one module per page.

Each module defines ``TEXT = {key: (english, korean)}``; keys are prefixed with the
page they belong to (``conv_``, ``pool_`` ...) so modules never collide.
:mod:`dashboard.i18n` merges them into one catalogue and checks for duplicates.
Korean terms follow the course deck: 커널과 합성곱, 스트라이드, 패딩, 맥스 풀링, 드롭아웃.
"""
