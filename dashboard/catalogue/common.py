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
    "nav_sweeps": ("Sweeps", "하이퍼파라미터 탐색"),
    "error_prefix": ("Cannot do that", "처리할 수 없습니다"),
    # plotly hover texts (plotly's own %{...} fields stay as they are)
    "fig_hover_cell": ("row %{y}, col %{x}: %{z}", "%{y}행 %{x}열: %{z}"),
    "fig_hover_position": ("row {row}, col {col}", "{row}행 {col}열"),
    "fig_hover_neuron": ("neuron %{x}: %{text}", "뉴런 %{x}: %{text}"),
    "fig_hover_neuron_dropped": ("neuron %{x}: 0 (dropped)", "뉴런 %{x}: 0 (꺼짐)"),
    "fig_hover_flow": ("%{x} (%{customdata}): %{text} = %{y:,} values", "%{x} (%{customdata}): %{text} = 값 %{y:,}개"),
    "store_unavailable_help": (
        "Check MLFLOW_TRACKING_URI (unset it to use the local store in CNNLAB_HOME), "
        "then reload the page. The Learn pages work without a run store.",
        "MLFLOW_TRACKING_URI 설정을 확인한 뒤 페이지를 새로 고치세요. 이 설정을 지우면 "
        "CNNLAB_HOME의 로컬 저장소를 씁니다. 배우기 페이지는 실행 기록 저장소가 없어도 쓸 수 "
        "있습니다.",
    ),
}
