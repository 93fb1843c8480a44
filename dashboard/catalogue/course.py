"""Text of the course's lesson: the verdict on a run's curves, the remedies, and the story
of a run with its remedies (Train and Experiments pages).

A verdict's English is :mod:`cnncore.nn.verdict`'s own (``KIND_EN``, ``REASON_EN``, which the
command line prints): one wording, here beside its Korean."""

from cnncore.nn.verdict import KIND_EN, REASON_EN

TEXT = {
    # verdict headlines (cnncore.nn.verdict.VERDICTS)
    "verdict_kind_waiting": (KIND_EN["waiting"].capitalize(), "대기 중"),
    "verdict_kind_overfitting": (KIND_EN["overfitting"].capitalize(), "과적합"),
    "verdict_kind_still_learning": (KIND_EN["still_learning"].capitalize(), "아직 학습 중"),
    "verdict_kind_underfitting": (KIND_EN["underfitting"].capitalize(), "과소적합"),
    "verdict_kind_generalising": (KIND_EN["generalising"].capitalize(), "일반화가 잘 됨"),
    # one-line reasons (cnncore.nn.verdict.REASONS); numbers in points and fractions
    "verdict_reason_no_epoch": (REASON_EN["no_epoch"], "아직 끝난 에포크가 없습니다."),
    "verdict_reason_loss_turned": (
        REASON_EN["loss_turned"],
        "에포크 {onset}부터 검증 손실이 최저 {best_loss:.3f}에서 {val_loss:.3f}까지 올랐고, "
        "그동안 트레이닝 손실은 {fall:.0f}분의 1로 줄었습니다. 정확도 차이는 {gap:.1f}%p입니다.",
    ),
    "verdict_reason_gap": (
        REASON_EN["gap"],
        "에포크 {onset}부터 트레이닝 정확도가 검증 정확도보다 {gap:.1f}%p 높습니다 "
        "(트레이닝 {train:.1%}, 검증 {val:.1%}).",
    ),
    "verdict_reason_rising": (
        REASON_EN["rising"],
        "마지막 에포크에 트레이닝 정확도가 {rise:.1f}%p 올랐습니다 (차이 {gap:+.1f}%p).",
    ),
    "verdict_reason_low_train": (
        REASON_EN["low_train"],
        "트레이닝 정확도가 {train:.1%}에 그칩니다. 트레이닝 이미지조차 잘 맞추지 못합니다.",
    ),
    "verdict_reason_close": (
        REASON_EN["close"],
        "검증 정확도({val:.1%})와 트레이닝 정확도({train:.1%})의 차이가 {gap_abs:.1f}%p 이내입니다.",
    ),
    "verdict_onset_mark": ("overfitting from epoch {epoch}", "에포크 {epoch}부터 과적합"),
    # remedies (cnncore.nn.remedies.REMEDIES)
    "remedy_title": ("Fix it, the course's way", "강의에서 배운 방법으로 고치기"),
    "remedy_intro": (
        "Each button trains a sibling run: the same data, split, seed and settings, with one "
        "thing changed. It is drawn over this run.",
        "버튼을 누르면 데이터, 분할, 시드, 설정은 그대로 두고 한 가지만 바꾼 실행을 하나 더 "
        "트레이닝해 이 실행 위에 겹쳐 그립니다.",
    ),
    "remedy_use_cnn": ("Use the CNN", "CNN으로 바꾸기"),
    "remedy_use_cnn_help": (
        "The course's CNN: shared 3×3 kernels and pooling find a digit wherever it sits.",
        "강의 CNN으로 바꿉니다. 이미지 전체에 같은 3×3 커널을 쓰고 풀링을 거치므로, 숫자가 어디에 "
        "있든 찾아냅니다.",
    ),
    "remedy_dropout": ("Add dropout", "드롭아웃 추가"),
    "remedy_dropout_help": (
        "Dropout 0.3 after each hidden dense layer, 0.2 in each convolution block that has none.",
        "은닉 밀집 레이어마다 드롭아웃 0.3을, 드롭아웃이 없는 합성곱 블록마다 드롭아웃 0.2를 "
        "넣습니다.",
    ),
    "remedy_augmentation": ("Augment the data", "데이터 증강"),
    "remedy_augmentation_help": (
        "The course's augmentation (part 4): rotation 10°, zoom 0.1, shift 0.1, horizontal flips.",
        "강의 4부의 데이터 증강을 씁니다: 회전 10°, 확대/축소 0.1, 이동 0.1, 좌우 반전.",
    ),
    "remedy_early_stopping": ("Stop early", "조기 종료"),
    "remedy_early_stopping_help": (
        "Stop 3 epochs after the lowest validation loss and keep the weights of that epoch.",
        "검증 손실이 가장 낮았던 에포크 뒤로 3 에포크 동안 나아지지 않으면 멈추고, 가장 낮았던 "
        "에포크의 가중치를 남깁니다.",
    ),
    "remedy_more_data": ("More data", "데이터 더 쓰기"),
    "remedy_more_data_help": (
        "Twice as many images (the whole data set, at most).",
        "이미지를 두 배로 씁니다 (최대 데이터셋 전체).",
    ),
    "remedy_started": ("Started: {remedy}", "시작했습니다: {remedy}"),
    "remedy_of": ("{name} · fix: {remedy}", "{name} · 고친 점: {remedy}"),
    "remedy_change": (
        "{remedy}: gap {gap_before:.1f} → {gap_after:.1f} pts, val {val_delta:+.1f} pts",
        "{remedy}: 차이 {gap_before:.1f} → {gap_after:.1f}%p, 검증 정확도 {val_delta:+.1f}%p",
    ),
    "story_title": ("The story of a run and its remedies", "원래 실행과 고친 실행 비교"),
    "story_link": ("Open as a story", "고친 실행과 함께 보기"),
    "story_share": (
        "Share this story: copy the page's address.",
        "페이지 주소를 복사하면 이 비교를 그대로 공유할 수 있습니다.",
    ),
    "story_none": ("This run has no remedy runs yet.", "이 실행을 고친 실행이 아직 없습니다."),
}
