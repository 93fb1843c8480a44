"""Text of the Pooling & Dropout page."""

TEXT = {
    "pool_title": ("Pooling & Dropout", "풀링과 드롭아웃"),
    "pool_intro": (
        "The other layers of a CNN. **Pooling** shrinks a feature map by keeping one number "
        "per window; **dropout** switches neurons off at random while the network trains.",
        "CNN 모델의 다른 레이어입니다. **풀링**은 풀링 윈도우마다 숫자 하나만 남겨 특성 맵을 "
        "줄이고, **드롭아웃**은 트레이닝하는 동안 뉴런을 무작위로 끕니다.",
    ),
    "pool_controls": ("Pooling", "풀링"),
    "pool_mode": ("Pooling type", "풀링 종류"),
    "pool_mode_max": ("Max", "맥스 풀링"),
    "pool_mode_average": ("Average", "평균 풀링"),
    "pool_size": ("Window size", "풀링 윈도우 크기"),
    "pool_stride": ("Stride", "스트라이드"),
    "pool_padding": ("Padding", "패딩"),
    "pool_padding_valid": ("valid (windows that fit)", "valid (맵 안에 다 들어가는 윈도우만)"),
    "pool_padding_same": ("same (cover every pixel)", "same (모든 픽셀 포함)"),
    "pool_deck_header": ("The course's example", "강의 예제"),
    "pool_deck_input": ("Input 4×4", "입력 4×4"),
    "pool_deck_output": ("Output {h}×{w}", "출력 {h}×{w}"),
    "pool_deck_caption": (
        "A {size}×{size} window moves {stride} cell(s) at a time and keeps the {what} of "
        "the numbers under it. The course's 2×2 max pooling at stride 2 keeps 256 153 / 23 55.",
        "{size}×{size} 풀링 윈도우가 한 번에 {stride}칸씩 움직이며, 윈도우 안 숫자들의 {what}만 "
        "남깁니다. 강의의 2×2 맥스 풀링(스트라이드 2)을 적용하면 256 153 / 23 55가 남습니다.",
    ),
    "pool_what_max": ("largest", "최댓값"),
    "pool_what_average": ("mean", "평균값"),
    "pool_size_rule": (
        "Output size per side: valid ⌊(n − k) / s⌋ + 1, same ⌈n / s⌉; padded cells never count.",
        "한 변의 출력 크기: valid ⌊(n − k) / s⌋ + 1, same ⌈n / s⌉. 패딩한 칸은 계산에 넣지 않습니다.",
    ),
    "pool_compare": ("Max against average on the same input", "같은 입력에서 맥스 풀링과 평균 풀링 비교"),
    "pool_fm_header": ("Pooling a feature map", "특성 맵 풀링"),
    "pool_fm_from_conv": (
        "The feature map from the Convolution page: image **{image}**, kernel **{kernel}**.",
        "커널과 합성곱 페이지에서 만든 특성 맵: 이미지 **{image}**, 커널 **{kernel}**.",
    ),
    "pool_fm_default": (
        "No feature map from the Convolution page yet, so here is the **camera** photo "
        "(shrunk to {side}×{side}) through the **vertical Sobel** kernel. Make your own on "
        "the Convolution page and it appears here.",
        "아직 커널과 합성곱 페이지에서 만든 특성 맵이 없어, **camera** 사진({side}×{side} 픽셀 "
        "크기로 축소)에 **수직 엣지(소벨)** 커널을 적용한 결과를 보여 줍니다. 커널과 합성곱 페이지에서 "
        "직접 만들면 여기에 나타납니다.",
    ),
    "pool_fm_before": ("Feature map", "특성 맵"),
    "pool_fm_after": ("After pooling", "풀링 후"),
    "pool_fm_shrink": (
        "{h}×{w} → {oh}×{ow}: {ratio:.0%} of the values remain, and the strongest edges survive max pooling.",
        "{h}×{w} → {oh}×{ow}: 값의 {ratio:.0%}만 남고, 맥스 풀링에서는 가장 강한 엣지가 살아남습니다.",
    ),
    "pool_drop_header": ("Dropout", "드롭아웃"),
    "pool_drop_rate": ("Dropout rate", "드롭아웃 비율"),
    "pool_drop_resample": ("Re-sample", "다시 뽑기"),
    "pool_drop_scaling": (
        "Each value is dropped with probability {rate:.2f}; the survivors are multiplied by "
        "1/(1−{rate:.2f}) = {scale:.2f}, so the expected output equals the input and nothing "
        "changes at inference, when no neuron is dropped.",
        "각 값이 꺼질 확률은 {rate:.2f}입니다. 남은 값은 1/(1−{rate:.2f}) = {scale:.2f}배로 "
        "키웁니다. 그래서 출력의 기댓값이 입력과 같아지고, 뉴런을 끄지 않는 추론 단계에서는 따로 "
        "손볼 것이 없습니다.",
    ),
    "pool_drop_neurons": (
        "A row of neurons at rates 0, .2, .4 and yours",
        "비율별 뉴런 한 줄: 드롭아웃 비율 0, .2, .4와 고른 비율",
    ),
    "pool_drop_row": ("rate = {rate:g}", "비율 = {rate:g}"),
    "pool_drop_map": ("The pooled feature map with dropout", "드롭아웃을 적용한 풀링 후 특성 맵"),
    "pool_drop_after": ("After dropout (rate {rate:g})", "드롭아웃 후 (비율 {rate:g})"),
    "pool_drop_measured": (
        "This draw dropped {dropped:.1%} of {n:,} values; mean before {before:.3f}, after {after:.3f}.",
        "이번 무작위 추출에서는 값 {n:,}개 중 {dropped:.1%}만큼 꺼졌습니다. 평균은 드롭아웃 전 "
        "{before:.3f}, 후 {after:.3f}입니다.",
    ),
}
