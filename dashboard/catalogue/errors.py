"""Errors in the reader's language: ``err_<code>`` for each coded error of cnncore
(``cnncore.errors.InvalidInput``, ``NotAllowed``, ``DatasetUnavailable``, ``TrainingDiverged``;
``tests/test_messages.py`` finds every code raised and fails on one not worded here).

``dashboard.ui.show_error`` fills these with the error's ``values``. In English the page
shows cnncore's own message (it is English already, and the most precise); the English
column here says the same in a sentence, so the catalogue stays complete. A value that is
a word (``"height"``, ``"kernel"``, ``"filters"``) is translated with ``err_value_<word>``.
Korean phrasing never glues a particle to a placeholder (see the glossary).
"""

TEXT = {
    "err_in_english": ("The message is in English", "오류 메시지(영어 원문)"),
    # kernels
    "err_kernel_not_numbers": ("The kernel must be a grid of numbers.", "커널은 숫자로 된 2차원 표여야 합니다."),
    "err_kernel_not_2d": ("The kernel must have rows and columns.", "커널은 행과 열이 있는 2차원 표여야 합니다."),
    "err_kernel_empty": ("The kernel has no cells.", "커널에 칸이 하나도 없습니다."),
    "err_kernel_too_big": (
        "A kernel has {low} to {high} rows and columns; this one is {rows}×{cols}.",
        "커널의 행과 열은 {low}~{high}개여야 합니다. 지금 커널 크기: {rows}×{cols}.",
    ),
    "err_kernel_not_finite": (
        "Every kernel cell needs a number: row {row}, column {col} is empty or not a number.",
        "커널의 모든 칸에 숫자가 있어야 합니다. {row}행 {col}열 칸이 비어 있거나 숫자가 아닙니다.",
    ),
    # convolution
    "err_kernel_exceeds_padded": (
        "The kernel ({kh}×{kw}) is larger than the padded image in {axis}: {k} against {padded}. "
        "Use a smaller kernel or more padding.",
        "커널({kh}×{kw})이 패딩한 이미지보다 큽니다. {axis} 기준: 커널 {k}칸, 패딩한 이미지 {padded}칸. "
        "커널을 줄이거나 패딩을 늘리세요.",
    ),
    "err_kernel_longer_than_input": (
        "The kernel ({k}) is longer than the padded input ({padded}).",
        "커널 길이 {k}칸이 패딩한 입력 길이 {padded}칸보다 깁니다.",
    ),
    "err_cell_trace_not_2d": ("The step-by-step view needs a one-channel image.",
                              "한 칸씩 보기는 채널이 하나인 이미지에서만 할 수 있습니다."),
    "err_cell_out_of_range": ("The {axis} must be from 0 to {high}; it is {value}.",
                              "{axis} 번호는 0~{high} 범위여야 합니다. 받은 값: {value}"),
    "err_not_a_pair": ("{name} must be one value or a pair; it is {value}.",
                       "{name} 값은 하나 또는 두 개여야 합니다. 받은 값: {value}"),
    "err_padding_invalid": ("Padding is valid, same or a number of zero rings; it is {value}.",
                            "패딩은 valid, same 또는 제로 패딩의 테두리 수여야 합니다. 받은 값: {value}"),
    "err_image_not_real": ("The image must hold numbers.", "이미지에는 숫자만 있어야 합니다."),
    "err_image_bad_shape": ("The image must be grayscale or color (height × width × channels).",
                            "이미지는 흑백 또는 컬러(높이 × 너비 × 채널)여야 합니다."),
    "err_image_empty": ("The image has no pixels.", "이미지에 픽셀이 없습니다."),
    # pooling and dropout
    "err_pool_input_bad": ("Pooling needs a non-empty feature map.", "풀링하려면 비어 있지 않은 특성 맵이 필요합니다."),
    "err_pool_size_bad": ("The pool size must be a positive integer; it is {value}.",
                          "풀링 윈도우 크기는 1 이상의 정수여야 합니다. 받은 값: {value}"),
    "err_pool_stride_bad": ("The pool stride must be a positive integer; it is {value}.",
                            "풀링 스트라이드는 1 이상의 정수여야 합니다. 받은 값: {value}"),
    "err_pool_mode_bad": ("Pooling is max or average; it is {value}.",
                          "풀링은 맥스 풀링(max) 또는 평균 풀링(average)이어야 합니다. 받은 값: {value}"),
    "err_pool_padding_bad": ("Pool padding is valid or same; it is {value}.",
                             "풀링 패딩은 valid 또는 same이어야 합니다. 받은 값: {value}"),
    "err_pool_too_big": (
        "A {size}×{size} pool with {padding} padding does not fit a {h}×{w} map: use a smaller "
        "window or same padding.",
        "{size}×{size} 풀링 윈도우가 {h}×{w} 특성 맵에 들어가지 않습니다 (패딩 {padding}). "
        "윈도우를 줄이거나 same 패딩을 고르세요.",
    ),
    "err_rate_bad": ("The {name} must be at least 0 and below 1; it is {value}.",
                     "{name} 값은 0 이상 1 미만이어야 합니다. 받은 값: {value}"),
    "err_mask_shape": ("The dropout mask must have the shape of the values.",
                       "드롭아웃 마스크의 크기가 값의 크기와 같아야 합니다."),
    # images
    "err_sample_unknown": (
        "There is no sample image {value}; choose one of {names}.",
        "없는 샘플 이미지입니다: {value}. 다음 중에서 고르세요: {names}",
    ),
    "err_upload_not_bytes": ("The upload is not a file.", "올린 것이 파일이 아닙니다."),
    "err_upload_kind": ("The upload must be a PNG or JPEG image; it is {kind}.",
                        "PNG 또는 JPEG 이미지만 올릴 수 있습니다. 올린 파일 형식: {kind}"),
    "err_upload_unreadable": ("The upload ({size} bytes) is not a PNG or JPEG image.",
                              "올린 파일(크기 {size}바이트)은 PNG나 JPEG 이미지가 아닙니다."),
    "err_image_too_large": ("The image is too large: at most {cap:,} pixels (width × height).",
                            "이미지가 너무 큽니다. 픽셀 수(가로 × 세로)는 최대 {cap:,}개입니다."),
    # data-set uploads
    "err_parse_busy": ("The server is reading {running} uploads already; try again in a moment.",
                       "서버가 이미 올린 파일 {running}개를 읽고 있습니다. 잠시 후 다시 시도하세요."),
    "err_parse_busy_user": ("Your previous upload is still being read; try again when it is done.",
                            "앞서 올린 파일을 아직 읽고 있습니다. 다 읽은 뒤 다시 시도하세요."),
    # the door every run and sweep passes (cnncore.jobs.door) and its caps (cnncore.jobs.limits)
    "err_user_invalid": ("The user must be a non-empty name or e-mail address.",
                         "사용자는 비어 있지 않은 이름이나 이메일 주소여야 합니다."),
    "err_dataset_not_allowed": (
        "A page may train only on a built-in data set, an upload or a file of the server's data "
        "folder; {spec} is none of these.",
        "페이지에서는 기본 제공 데이터셋, 올린 파일, 서버 데이터 폴더의 파일로만 트레이닝할 수 있습니다. "
        "받은 값: {spec}",
    ),
    "err_dataset_options_not_allowed": ("From a page, the data set {dataset} takes no option {options}.",
                                        "페이지에서는 데이터셋 {dataset}에 다음 옵션을 줄 수 없습니다: {options}"),
    "err_run_params_over_cap": (
        "The model has {params:,} parameters on this data; one run may have at most {cap:,}.",
        "이 데이터에서 모델의 파라미터는 {params:,}개입니다. 실행 하나는 최대 {cap:,}개까지 가질 수 있습니다. "
        "레이어, 필터(커널) 수 또는 뉴런 수를 줄이세요.",
    ),
    "err_epoch_images_over_cap": (
        "{epochs} epochs × {images:,} training images = {passes:,} image passes; one run may make at "
        "most {cap:,}: use fewer epochs or fewer images.",
        "에포크 {epochs}번 × 트레이닝 이미지 {images:,}개 = 이미지 처리 {passes:,}번입니다. 실행 하나는 "
        "최대 {cap:,}번까지 처리할 수 있습니다. 에포크나 이미지 수를 줄이세요.",
    ),
    "err_active_runs_over_cap": (
        "{user} already has {active} runs queued or running; the limit is {cap}. Wait for one to "
        "end, or stop one.",
        "대기 중이거나 트레이닝 중인 실행이 이미 {active}개 있습니다 (사용자: {user}). 한 사람당 최대 "
        "{cap}개까지입니다. 하나가 끝나기를 기다리거나 하나를 멈추세요.",
    ),
    "err_sweep_trials_over_cap": ("The sweep would run {trials:,} trials; at most {cap:,} are allowed.",
                                  "이 하이퍼파라미터 탐색은 시도를 {trials:,}개 실행합니다. 최대 {cap:,}개까지 "
                                  "허용됩니다. 값의 개수를 줄이세요."),
    "err_sweep_concurrency_over_cap": (
        "A sweep may train at most {cap} trials at once, one user's limit of runs; it asks for {concurrent}.",
        "하이퍼파라미터 탐색은 시도를 동시에 최대 {cap}개까지 트레이닝할 수 있습니다 (한 사람당 실행 "
        "한도). 요청한 동시 시도 수: {concurrent}",
    ),
    "err_sweep_space_too_big": (
        "The sweep varies too many sizes at once: {checks:,} combinations of their extreme values "
        "to check, at most {cap:,}. Vary fewer of them.",
        "하이퍼파라미터 탐색이 크기를 정하는 값을 한꺼번에 너무 많이 바꿉니다. 확인할 극단값 조합: "
        "{checks:,}개 (최대 {cap:,}개). 바꿀 하이퍼파라미터를 줄이세요.",
    ),
    # models
    "err_map_shrinks": (
        "{layer}: the feature map shrinks to nothing: a {k}×{k} {what} at stride {stride} with "
        "{padding} padding does not fit a {h}×{w} map.",
        "{layer}: 특성 맵이 사라집니다. {h}×{w} 특성 맵에 들어가지 않는 {what}: {k}×{k}, "
        "스트라이드 {stride}, 패딩 {padding}. 크기나 스트라이드를 줄이거나 same 패딩을 고르세요.",
    ),
    "err_layer_positive_int": ("{layer}: {name} must be a positive integer; it is {value}.",
                               "{layer}: {name} 값은 1 이상의 정수여야 합니다. 받은 값: {value}"),
    "err_layer_rate": ("{layer}: the dropout rate must be at least 0 and below 1; it is {value}.",
                       "{layer}: 드롭아웃 비율은 0 이상 1 미만이어야 합니다. 받은 값: {value}"),
    "err_layer_batch_norm": ("{layer}: batch normalization is on or off.",
                             "{layer}: 배치 정규화는 켜거나 끄는 값이어야 합니다."),
    "err_input_shape_bad": ("The input must be height × width × channels, three positive integers.",
                            "입력 크기는 높이 × 너비 × 채널, 1 이상의 정수 세 개여야 합니다."),
    # words inside the values
    "err_value_height": ("height", "높이"),
    "err_value_width": ("width", "너비"),
    "err_value_row": ("row", "행"),
    "err_value_col": ("column", "열"),
    "err_value_kernel": ("kernel", "커널"),
    "err_value_pool": ("pool", "풀링 윈도우"),
    "err_value_filters": ("filters", "필터(커널) 수"),
    "err_value_kernel_size": ("kernel size", "커널 크기"),
    "err_value_stride": ("stride", "스트라이드"),
    "err_value_pool_size": ("pool size", "풀링 윈도우 크기"),
    "err_value_pool_stride": ("pool stride", "풀링 스트라이드"),
    "err_value_units": ("units", "뉴런 수"),
    "err_value_rate": ("rate", "비율"),
    "err_value_dropout": ("dropout rate", "드롭아웃 비율"),
    "err_value_num_classes": ("number of classes", "클래스 수"),
    # a run's stored failure (cnncore.nn.divergence.TrainingDiverged)
    "err_loss_not_finite": (
        "the loss became {loss} at epoch {epoch}, batch {batch}: training diverged (the learning "
        "rate is probably too high)",
        "에포크 {epoch}, 배치 {batch}에서 손실이 {loss} 값이 되었습니다. 트레이닝이 발산했습니다 "
        "(학습률이 너무 높을 수 있습니다).",
    ),
    "err_loss_exploded": (
        "the loss exploded to {loss:.3g} (first {first_loss:.3g}) at epoch {epoch}, batch {batch}: "
        "training diverged (the learning rate is probably too high)",
        "에포크 {epoch}, 배치 {batch}에서 손실이 처음 값 {first_loss:.3g}에서 {loss:.3g}까지 "
        "폭증했습니다. 트레이닝이 발산했습니다 (학습률이 너무 높을 수 있습니다).",
    ),
    # the run store (cnncore.store)
    "err_not_owner": ("{user} may not {action} the {kind} {name}: it is {owner}'s.",
                      "이 {kind}({name})의 주인은 다른 사용자입니다 ({owner}). 할 수 없는 작업: {action}"),
    "err_user_uploads_over_cap": (
        "{user} keeps {kept:,} bytes of uploads; {size:,} more would pass the limit of {cap:,}.",
        "올린 파일이 이미 {kept:,}바이트 있습니다 (사용자: {user}). {size:,}바이트를 더하면 한도 "
        "{cap:,}바이트를 넘습니다.",
    ),
    "err_run_unknown": ("There is no run {run_id}.", "실행을 찾을 수 없습니다: {run_id}"),
    "err_run_deleted": ("The run {run_id} was deleted.", "삭제된 실행입니다: {run_id}"),
    "err_run_config_unreadable": ("The settings of the run {run_id} cannot be read.",
                                  "실행의 설정을 읽을 수 없습니다: {run_id}"),
    "err_run_artifact_missing": ("The run {run_id} has no `{name}` (it may not have finished).",
                                 "이 실행({run_id})에는 아직 `{name}` 파일이 없습니다. 끝나지 않았을 수 있습니다."),
    "err_sweep_config_unreadable": ("The settings of the sweep {sweep_id} cannot be read.",
                                    "하이퍼파라미터 탐색의 설정을 읽을 수 없습니다: {sweep_id}"),
    "err_sweep_unknown": ("There is no sweep {sweep_id}.", "하이퍼파라미터 탐색을 찾을 수 없습니다: {sweep_id}"),
    # A run that failed outside its training: the scheduler, the worker, the sweep.
    "err_start_failed": ("The training could not be started: {error}",
                         "트레이닝을 시작하지 못했습니다: {error}"),
    "err_attempts_exhausted": (
        "Its training process died {attempts} times (a killed worker or a lost machine); it is not "
        "tried again.",
        "트레이닝 프로세스가 {attempts}번 중단되었습니다(워커가 종료되었거나 머신과의 연결이 끊겼습니다). "
        "더 이상 다시 시도하지 않습니다."),
    "err_job_error": ("The training job failed: {error}", "트레이닝 작업이 실패했습니다: {error}"),
    "err_heartbeat_lost": (
        "The training process stopped answering (no sign of life for {seconds} s): it was killed, "
        "crashed or lost its machine.",
        "트레이닝 프로세스가 {seconds}초 동안 응답하지 않았습니다. 종료되었거나 오류로 멈췄거나 "
        "머신과의 연결이 끊겼습니다."),
    "err_resume_no_checkpoint": (
        "Its worker stopped after epoch {epoch} and left no checkpoint to go on from, so the run "
        "was not restarted from epoch 1.",
        "워커가 에포크 {epoch} 뒤에 멈췄는데 이어서 트레이닝할 체크포인트가 없습니다. 그래서 "
        "에포크 1부터 다시 시작하지 않았습니다."),
    "err_dataset_fetch_failed": ("The data set could not be fetched: {error}",
                                 "데이터셋을 가져오지 못했습니다: {error}"),
    "err_sweep_ended_first": ("The sweep ended before this trial did.",
                              "이 시도가 끝나기 전에 하이퍼파라미터 탐색이 끝났습니다."),
    "err_value_dense_layers": ("hidden dense layers", "은닉 밀집 레이어"),
    "err_value_ModelConfig": ("model", "모델"),
    "err_value_ConvBlock": ("convolution block", "합성곱 블록"),
    "err_value_DenseLayer": ("dense layer", "밀집 레이어"),
    "err_value_TrainConfig": ("training", "트레이닝"),
    "err_value_RunConfig": ("run", "실행"),
    "err_value_SweepConfig": ("sweep", "하이퍼파라미터 탐색"),
    "err_value_Param": ("hyperparameter", "하이퍼파라미터"),
    "err_value_dataset": ("The data set", "데이터셋"),
    "err_value_file": ("The file", "파일"),
    "err_value_csv": ("The CSV", "CSV 파일"),
    "err_value_x": ("x", "x"),
    "err_value_x_stored": ("x as stored", "저장된 x"),
    "err_value_class_names": ("class_names", "클래스 이름"),
    "err_value_zip": ("The ZIP", "ZIP 파일"),
    "err_value_zip_images": ("The ZIP's images", "ZIP 파일의 이미지"),
    "err_value_resized_images": ("The resized images", "크기를 바꾼 이미지"),
    "err_value_image": ("An image", "이미지"),
    "err_value_image_unpacked": ("An image, unpacked,", "압축을 푼 이미지"),
    "err_value_shapes_images": ("The shapes images", "shapes 이미지"),
    "err_value_an_integer": ("an integer", "정수"),
    "err_value_a_number": ("a number", "숫자"),
    "err_value_true_or_false": ("true or false", "true 또는 false"),
    "err_value_a_value": ("a value it knows", "알맞은 값"),
    "err_value_stop": ("stop", "멈추기"),
    "err_value_delete": ("delete", "삭제"),
    "err_value_edit": ("edit", "편집"),
    "err_value_run": ("run", "실행"),
    "err_value_sweep": ("sweep", "하이퍼파라미터 탐색"),
}
