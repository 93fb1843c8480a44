"""Text shared by the app shell and several pages."""

TEXT = {
    "app_title": ("CNN Lab", "CNN Lab"),
    "lang_label": ("Language", "언어"),
    "section_learn": ("Learn", "배우기"),
    "section_experiment": ("Experiment", "실험"),
    "nav_home": ("Home", "홈"),
    "nav_convolution": ("Convolution", "커널과 합성곱"),
    "nav_pooling": ("Pooling & Dropout", "풀링과 드롭아웃"),
    "nav_architecture": ("Architecture", "전체 아키텍처"),
    "nav_train": ("Train", "트레이닝"),
    "nav_experiments": ("Experiments", "실험 기록"),
    "nav_inside": ("Inside the model", "모델 들여다보기"),
    "nav_sweeps": ("Sweeps", "파라미터 탐색"),
    "error_prefix": ("Cannot do that", "실행할 수 없습니다"),
}
