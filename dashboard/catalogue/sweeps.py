"""Text of the Sweeps page."""

TEXT = {
    "sweep_title": (
        "Sweeps: which settings generalise?",
        "하이퍼파라미터 탐색: 일반화가 잘 되는 설정 찾기",
    ),
    "sweep_intro": (
        "Pick the settings to vary — kernel size, stride, padding, pooling, dropout… — and their "
        "values. Every combination (a grid) or a random sample trains as its own run on Ray Tune; "
        "early stopping (ASHA) ends the hopeless ones after an epoch. Then see which values go with "
        "a high validation accuracy.",
        "바꿔 볼 설정(커널 크기, 스트라이드, 패딩, 풀링, 드롭아웃 …)과 그 값을 고르세요. 모든 "
        "조합(그리드)이나 무작위로 뽑은 조합을 Ray Tune이 저마다 별도의 실행으로 트레이닝하고, "
        "가망 없는 실행은 조기 종료(ASHA)로 한 에포크 만에 끝냅니다. 그런 다음 검증 정확도가 높은 "
        "실행에 어떤 값이 쓰였는지 살펴보세요.",
    ),
    "sweep_new": ("New sweep", "새 하이퍼파라미터 탐색"),
    "sweep_dataset": ("Data set", "데이터셋"),
    "sweep_limit": ("Images (0 = all)", "이미지 수 (0 = 전체)"),
    "sweep_limit_help": (
        "A sweep trains many models: a subset keeps it to minutes on a laptop.",
        "하이퍼파라미터 탐색은 모델을 여러 개 트레이닝합니다. 일부만 쓰면 노트북에서도 몇 분이면 끝납니다.",
    ),
    "sweep_model": ("Base model", "기본 모델"),
    "sweep_model_architecture": (
        "From the Architecture page",
        "전체 아키텍처 페이지에서 만든 모델",
    ),
    "sweep_training": (
        "Training settings shared by every trial",
        "모든 시도에 똑같이 쓰는 트레이닝 설정",
    ),
    "sweep_vary": ("Hyperparameters to vary", "바꿔 볼 하이퍼파라미터"),
    "sweep_vary_help": (
        "Convolution settings apply to every convolution block of the base model.",
        "합성곱 설정은 기본 모델의 모든 합성곱 블록에 적용됩니다.",
    ),
    "sweep_mode": ("Sampling", "샘플링"),
    "sweep_mode_grid": ("Grid: every combination", "그리드: 모든 조합"),
    "sweep_mode_random": ("Random: a sample", "무작위: 일부 조합만 뽑기"),
    "sweep_values_help_grid": (
        "Values separated by commas; the sweep tries every combination.",
        "값을 쉼표로 구분해 적으세요. 모든 조합을 시도합니다.",
    ),
    "sweep_values_help_random": (
        "Values separated by commas (one is drawn per trial), or a range low:high; "
        "low:high:log spreads it evenly over powers of ten (learning rates).",
        "값을 쉼표로 구분해 적거나(시도마다 하나를 뽑습니다) 범위를 low:high로 적으세요. "
        "low:high:log는 로그 눈금에서 고르게 뽑으므로 학습률에 알맞습니다.",
    ),
    "sweep_trials": ("Trials", "시도 수"),
    "sweep_trials_help": (
        "Random samples to draw (each with the whole grid, if some parameters are listed for a grid).",
        "뽑을 무작위 표본의 수입니다 (그리드로 지정한 하이퍼파라미터가 있으면 표본마다 그리드 전체를 시도합니다).",
    ),
    "sweep_asha": ("Stop poor trials early (ASHA)", "성능 낮은 시도 조기 종료 (ASHA)"),
    "sweep_asha_help": (
        "After each epoch, a trial whose validation accuracy is in the bottom half of those that "
        "reached the same epoch is stopped (grace period 1 epoch, reduction factor 2).",
        "에포크마다, 같은 에포크에 도달한 시도들 중 검증 정확도가 하위 절반인 시도를 멈춥니다 "
        "(유예 1 에포크, 감소 비율 2).",
    ),
    "sweep_concurrent": ("Trials at once", "동시 시도 수"),
    "sweep_concurrent_help": (
        "Trials that train at the same time. On a two-core laptop, 1 or 2; on a GPU cluster, more.",
        "동시에 트레이닝할 시도 수입니다. 2코어 노트북이라면 1~2개, GPU 클러스터라면 더 많이 "
        "잡으세요.",
    ),
    "sweep_gpus": ("GPU per trial", "시도당 GPU"),
    "sweep_gpus_help": (
        "auto: the GPUs Ray sees are shared equally by the trials that run at once; none on a CPU machine.",
        "auto: Ray가 찾은 GPU를 동시에 트레이닝하는 시도들이 똑같이 나눠 씁니다. CPU만 있는 "
        "컴퓨터에서는 GPU를 쓰지 않습니다.",
    ),
    "sweep_name": ("Name (optional)", "이름 (선택)"),
    "sweep_summary": ("**{trials}** trials × **{epochs}** epochs: {space}",
                      "시도 **{trials}**개 × **{epochs}** 에포크: {space}"),
    "sweep_big": (
        "{trials} trials is a lot for this machine: fewer values or images finish sooner.",
        "이 컴퓨터에서 시도 {trials}개는 많습니다. 값이나 이미지 수를 줄이면 더 빨리 끝납니다.",
    ),
    "sweep_combinations": ("The grid's combinations", "그리드의 조합"),
    "sweep_choose_one": ("Choose at least one hyperparameter to vary.", "바꿔 볼 하이퍼파라미터를 하나 이상 고르세요."),
    "sweep_start": ("Start sweep", "탐색 시작"),
    "sweep_started": ("Sweep {sweep} started.", "탐색을 시작했습니다: {sweep}"),
    "sweep_list": ("Sweeps", "하이퍼파라미터 탐색 목록"),
    "sweep_none": (
        "No sweeps yet. Pick two or three hyperparameters above — say dropout 0, 0.2, 0.4 and pooling "
        "max, average — and start one; or run the same from a terminal:",
        "아직 하이퍼파라미터 탐색이 없습니다. 위에서 하이퍼파라미터 두세 개(예: 드롭아웃 0, 0.2, 0.4와 풀링 "
        "max, average)를 골라 시작하거나, 터미널에서 다음을 실행하세요:",
    ),
    "sweep_pick": ("Sweep", "하이퍼파라미터 탐색"),
    "sweep_stop": ("Stop sweep", "탐색 중지"),
    "sweep_stop_requested": (
        "Stopping: running trials end after their current batch.",
        "탐색을 중지하는 중입니다. 실행 중인 시도는 지금 처리 중인 배치가 끝나면 멈춥니다.",
    ),
    "sweep_status_queued": ("queued", "대기 중"),
    "sweep_status_running": ("running", "실행 중"),
    "sweep_status_finished": ("finished", "완료"),
    "sweep_status_failed": ("failed", "실패"),
    "sweep_status_stopped": ("stopped", "중지됨"),
    "sweep_progress": ("{done} of {total} trials done", "시도 {total}개 중 {done}개 완료"),
    "sweep_failed": ("The sweep failed: {error}", "하이퍼파라미터 탐색 실패: {error}"),
    "sweep_metric_trials": ("Trials done", "완료된 시도"),
    "sweep_metric_best": ("Best validation accuracy", "최고 검증 정확도"),
    "sweep_metric_early": ("Stopped early", "조기 종료"),
    "sweep_metric_failed": ("Failed", "실패"),
    "sweep_best": (
        "Best: trial {trial} ({values}) with a validation accuracy of {accuracy:.1%}.",
        "가장 좋은 시도: {trial}번 ({values}), 검증 정확도 {accuracy:.1%}",
    ),
    "sweep_open_best": ("Open the best trial in Experiments", "최고 시도를 실험 기록에서 열기"),
    "sweep_open_trial": ("Open trial {trial} in Experiments", "실험 기록에서 시도 {trial} 열기"),
    "sweep_table_hint": (
        "The best trial is highlighted; click a row to open that trial.",
        "가장 좋은 시도는 초록색으로 표시됩니다. 행을 누르면 그 시도를 열 수 있습니다.",
    ),
    "sweep_col_trial": ("Trial", "시도"),
    "sweep_col_status": ("Status", "상태"),
    "sweep_col_epochs": ("Epochs done", "완료 에포크"),
    "sweep_col_val": ("Validation acc.", "검증 정확도"),
    "sweep_col_best_val": ("Best validation acc.", "최고 검증 정확도"),
    "sweep_col_train": ("Training acc.", "트레이닝 정확도"),
    "sweep_col_duration": ("Time", "시간"),
    "sweep_col_error": ("Error", "오류"),
    "sweep_early_asha": ("stopped early (ASHA)", "조기 종료 (ASHA)"),
    "sweep_parallel": ("Hyperparameters against validation accuracy", "하이퍼파라미터와 검증 정확도"),
    "sweep_parallel_help": (
        "One line per trial, coloured by its validation accuracy. Drag along an axis to keep only "
        "the lines through that range: do the yellow lines share a value?",
        "시도 하나가 선 하나이고, 선의 색은 검증 정확도를 나타냅니다. 축을 따라 드래그하면 그 "
        "범위를 지나는 선만 남습니다. 노란 선들이 같은 값을 지나는지 살펴보세요.",
    ),
    "sweep_parallel_wait": ("The plot appears once trials have a validation accuracy.",
                            "시도에 검증 정확도가 생기면 그림이 나타납니다."),
    "sweep_curves": ("Training curves of every trial", "모든 시도의 트레이닝 곡선"),
    "sweep_no_trials_yet": ("Starting Ray and the first trial…", "Ray와 첫 시도를 시작하는 중…"),
    "sweep_axis_log": ("log₁₀ {name}", "{name} (로그 눈금)"),
    "sweep_param_kernel_size": ("Kernel size", "커널 크기"),
    "sweep_param_stride": ("Stride", "스트라이드"),
    "sweep_param_padding": ("Padding", "패딩"),
    "sweep_param_pooling": ("Pooling", "풀링"),
    "sweep_param_dropout": ("Dropout (conv blocks)", "드롭아웃 (합성곱 블록)"),
    "sweep_param_filters": ("Filters", "필터(커널) 수"),
    "sweep_param_dense.units": ("Dense units", "밀집 레이어 뉴런 수"),
    "sweep_param_dense.dropout": ("Dropout (dense layers)", "드롭아웃 (밀집 레이어)"),
    "sweep_param_learning_rate": ("Learning rate", "학습률"),
    "sweep_param_batch_size": ("Batch size", "배치 크기"),
    "sweep_param_optimizer": ("Optimizer", "옵티마이저"),
}
