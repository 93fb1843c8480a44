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
    # ---- every message a code (tests/test_messages.py): shared checks (cnncore.checks)
    "err_positive_int_bad": ("{name} must be a positive whole number; it is {value}.",
                             "{name} 값은 1 이상의 정수여야 합니다. 받은 값: {value}"),
    "err_int_out_of_range": ("{name} must be a whole number from {low} to {high}; it is {value}.",
                             "{name} 값은 {low}~{high} 범위의 정수여야 합니다. 받은 값: {value}"),
    "err_positive_number_bad": ("{name} must be a number above 0; it is {value}.",
                                "{name} 값은 0보다 큰 수여야 합니다. 받은 값: {value}"),
    "err_number_out_of_range": ("{name} must be a number in {bounds}; it is {value}.",
                                "{name} 값은 {bounds} 범위의 수여야 합니다. 받은 값: {value}"),
    "err_choice_bad": ("{name} must be one of {options}; it is {value}.",
                       "{name} 값은 다음 중 하나여야 합니다: {options}. 받은 값: {value}"),
    "err_not_bool": ("{name} is on or off; it is {value}.",
                     "{name} 값은 켜거나 끄는 값이어야 합니다. 받은 값: {value}"),
    "err_not_a_dict": ("The {kind} settings must be named values (a JSON object); they are {value}.",
                       "{kind} 설정은 이름과 값의 묶음(JSON 객체)이어야 합니다. 받은 값: {value}"),
    "err_unknown_fields": ("The {kind} settings have no field {fields}.",
                           "{kind} 설정에 없는 항목이 있습니다: {fields}"),
    "err_too_many_bytes": ("{part} would need {needed}; the limit is {limit} ({setting}).",
                           "{part}: 필요한 크기 {needed}, 한도 {limit} ({setting}). 더 작은 데이터를 쓰세요."),
    # a run's settings (cnncore.nn.training, cnncore.nn.models)
    "err_dataset_spec_bad": (
        "A data set is a name, an upload or a file name of at most 4,096 characters; it is {value}.",
        "데이터셋은 이름, 올린 파일 또는 4,096자 이하의 파일 이름이어야 합니다. 받은 값: {value}",
    ),
    "err_dataset_options_not_dict": ("The data set's options must be named values; they are {value}.",
                                     "데이터셋 옵션은 이름과 값의 묶음이어야 합니다. 받은 값: {value}"),
    "err_dataset_options_too_many": ("A data set takes at most {cap} options; there are {count}.",
                                     "데이터셋 옵션은 최대 {cap}개까지입니다. 받은 옵션 수: {count}"),
    "err_dataset_option_key_bad": ("A data-set option needs a name; {key} is not one.",
                                   "데이터셋 옵션 이름이 올바르지 않습니다: {key}"),
    "err_dataset_option_value_bad": (
        "The data-set option {key} must be a number, a short text or empty; it is {value}.",
        "데이터셋 옵션 {key} 값은 숫자, 짧은 문자열 또는 빈 값이어야 합니다. 받은 값: {value}",
    ),
    "err_layer_list_bad": ("{name} must be a list of layers; it is {value}.",
                           "{name} 값은 레이어의 목록이어야 합니다. 받은 값: {value}"),
    "err_too_many_layers": ("A model may have at most {cap} {name}; this one has {count}.",
                            "모델의 {name}: 최대 {cap}개까지입니다. 지금 개수: {count}"),
    "err_model_name_bad": (
        "A model's name is 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit; "
        "it is {value}.",
        "모델 이름은 영문자, 숫자, '.', '_', '-'로 된 1~64자이고 영문자나 숫자로 시작해야 합니다. "
        "받은 값: {value}",
    ),
    "err_layer_value_too_big": ("{name} may be at most {cap:,}; it is {value}.",
                                "{name} 값은 최대 {cap:,}입니다. 받은 값: {value}"),
    "err_model_params_over_cap": (
        "The model would have at least {params:,} parameters; at most {cap:,} can be built.",
        "이 모델의 파라미터는 최소 {params:,}개입니다. 만들 수 있는 모델은 최대 {cap:,}개까지입니다. "
        "레이어, 필터(커널) 수 또는 뉴런 수를 줄이세요.",
    ),
    "err_model_has_no_conv": (
        "The model {model} has no convolution layer, so it has no learned kernels or feature maps.",
        "이 모델({model})에는 합성곱 레이어가 없어 학습한 커널도 특성 맵도 없습니다.",
    ),
    "err_remedy_no_change": ("The remedy {remedy} would not change this run.",
                             "이 방법({remedy})으로는 이 실행이 바뀌지 않습니다."),
    # sweeps (cnncore.nn.space, cnncore.nn.paths)
    "err_sweep_values_over_cap": ("A hyperparameter takes at most {cap:,} values; it has {count}.",
                                  "하이퍼파라미터 하나의 값은 최대 {cap:,}개까지입니다. 받은 값의 개수: {count}"),
    "err_sweep_range_bad": ("A range needs two numbers, low ≤ high; it is {low} to {high}.",
                            "범위에는 두 수(낮은 값 ≤ 높은 값)가 필요합니다. 받은 값: {low}, {high}"),
    "err_sweep_log_range_bad": ("A log range needs low > 0; low is {low}.",
                                "로그 범위의 낮은 값은 0보다 커야 합니다. 받은 값: {low}"),
    "err_sweep_no_values": ("Give at least one value.", "값을 하나 이상 입력하세요."),
    "err_sweep_value_twice": ("A value is listed twice: {values}.", "같은 값을 두 번 입력했습니다: {values}"),
    "err_sweep_no_params": ("A sweep varies at least one hyperparameter.",
                            "하이퍼파라미터 탐색에는 바꿀 하이퍼파라미터가 하나 이상 있어야 합니다."),
    "err_sweep_param_twice": ("Each hyperparameter may appear once: {paths}.",
                              "하이퍼파라미터는 한 번씩만 넣을 수 있습니다: {paths}"),
    "err_sweep_name_bad": ("A sweep's name is a text of at most 200 characters.",
                           "하이퍼파라미터 탐색 이름은 200자 이하의 문자열이어야 합니다."),
    "err_sweep_range_needs_random": (
        "A range low:high needs a random draw; a grid takes a list of values. It is {text}.",
        "범위(낮은 값:높은 값)는 무작위 추출에서만 쓸 수 있습니다. 그리드에는 값의 목록을 입력하세요. "
        "받은 값: {text}",
    ),
    "err_sweep_range_format": ("A range is low:high or low:high:log; it is {text}.",
                               "범위는 낮은 값:높은 값 또는 낮은 값:높은 값:log 형식이어야 합니다. 받은 값: {text}"),
    "err_sweep_range_not_numbers": ("A range needs numbers; it is {text}.",
                                    "범위에는 숫자가 필요합니다. 받은 값: {text}"),
    "err_sweep_range_not_numeric": (
        "Only a number can be drawn from a range; list the values instead ({param}).",
        "범위는 숫자 하이퍼파라미터에만 쓸 수 있습니다. 값을 목록으로 입력하세요. 받은 값: {param}",
    ),
    "err_sweep_range_no_integer": ("The range holds no whole number ({param}).",
                                   "범위 안에 정수가 없습니다. 받은 값: {param}"),
    "err_param_path_bad": ("A hyperparameter's name must be a text; it is {value}.",
                           "하이퍼파라미터 이름은 문자열이어야 합니다. 받은 값: {value}"),
    "err_path_no_layers": ("The model {model} has no {part}.",
                           "이 모델({model})에는 해당하는 레이어가 없습니다: {part}"),
    "err_path_layer_missing": ("The model {model} has only {count} {part}.",
                               "이 모델({model})의 {part}: {count}개뿐입니다."),
    "err_path_epochs": (
        "Epochs are the sweep's own setting (ASHA's maximum), not a hyperparameter to vary.",
        "에포크 수는 하이퍼파라미터 탐색 자체의 설정(ASHA의 최대 에포크)입니다. 바꿀 하이퍼파라미터로 "
        "넣을 수 없습니다.",
    ),
    "err_path_unknown": (
        "There is no hyperparameter {path}. Use a convolution field ({conv_fields}; or conv.<field>, "
        "conv1.<field>…), a dense layer's dense.units, dense.dropout or dense1.<field>, a training "
        "field ({train_fields}), model or limit.",
        "알 수 없는 하이퍼파라미터입니다: {path}. 합성곱 필드({conv_fields}; conv.필드, conv1.필드 형식도 "
        "됩니다), 밀집 레이어 필드(dense.units, dense.dropout, dense1.필드), 트레이닝 필드({train_fields}), "
        "model 또는 limit 중에서 고르세요.",
    ),
    "err_model_not_preset": ("The model must be a preset ({presets}); it is {value}.",
                             "모델은 프리셋 중 하나여야 합니다: {presets}. 받은 값: {value}"),
    "err_path_value_bad": ("{path} takes {expected}; it is {value}.",
                           "{path} 값은 다음이어야 합니다: {expected}. 받은 값: {value}"),
    # data-set files and uploads (cnncore.datasets)
    "err_too_many_images": ("{part} has too many images: {count:,}, at most {cap:,}.",
                            "{part}: 이미지가 너무 많습니다. 이미지 수 {count:,}개, 최대 {cap:,}개"),
    "err_too_many_classes": ("A data set may have at most {cap:,} classes; this one has {count:,}.",
                             "데이터셋의 클래스는 최대 {cap:,}개까지입니다. 받은 클래스 수: {count:,}"),
    "err_upload_suffix_bad": ("Uploads must be .csv, .npz or .zip files; {name} is not.",
                              "올릴 수 있는 파일은 .csv, .npz, .zip 파일입니다. 받은 파일: {name}"),
    "err_csv_not_utf8": ("The CSV is not UTF-8 text.", "CSV 파일이 UTF-8 텍스트가 아닙니다."),
    "err_csv_not_finite": ("The CSV contains NaN or infinite values.",
                           "CSV 파일에 숫자가 아닌 값(NaN)이나 무한대 값이 있습니다."),
    "err_labels_not_whole": ("Labels must be whole numbers ≥ 0; one is {label}.",
                             "레이블은 0 이상의 정수여야 합니다. 받은 레이블: {label}"),
    "err_sign_labels_bad": (
        "Sign-language labels are 0–24 without 9 (J needs motion); one is {label}. Read other data's "
        "labels as class numbers.",
        "수어 레이블은 9를 뺀 0–24입니다 (J는 움직임이 필요합니다). 받은 레이블: {label}. 다른 데이터는 "
        "레이블을 클래스 번호로 읽으세요.",
    ),
    "err_label_over_cap": ("Class numbers must be below {cap}; one is {label}.",
                           "클래스 번호는 {cap}보다 작아야 합니다. 받은 레이블: {label}"),
    "err_csv_columns_bad": (
        "A CSV row is a label, then the H×W pixels of a square image (785 columns for 28×28); "
        "it has {columns} columns.",
        "CSV의 각 행은 레이블 하나와 정사각형 이미지의 픽셀 H×W개여야 합니다 (28×28이면 785열). "
        "받은 열 수: {columns}",
    ),
    "err_csv_row_length": ("Every CSV row needs {expected} columns; data row {row} has {count}.",
                           "CSV의 모든 행에 열이 {expected}개 있어야 합니다. 데이터 {row}행의 열 수: {count}"),
    "err_csv_not_number": ("CSV values must be numbers; data row {row}, column {column} holds {text}.",
                           "CSV 값은 숫자여야 합니다. 데이터 {row}행 {column}열의 값: {text}"),
    "err_csv_malformed": ("The CSV is malformed at data row {row} (a field holds at most {limit:,} characters).",
                          "CSV 파일 형식이 잘못되었습니다 (데이터 {row}행, 한 칸은 최대 {limit:,}자)."),
    "err_csv_empty": ("The CSV has no data rows.", "CSV 파일에 데이터 행이 없습니다."),
    "err_npz_unreadable": ("The file is not a readable .npz archive.", "읽을 수 있는 .npz 파일이 아닙니다."),
    "err_npz_members": ("The .npz must hold arrays x and y; it holds {members}.",
                        ".npz 파일에는 배열 x와 y가 있어야 합니다. 들어 있는 배열: {members}"),
    "err_npz_x_shape": (
        "x must be images (N, H, W), (N, H, W, C) with C 1 or 3, or (N, H×W); its shape is {shape}.",
        "x는 이미지 배열 (N, H, W), (N, H, W, C)(C는 1 또는 3) 또는 (N, H×W)여야 합니다. 받은 크기: {shape}",
    ),
    "err_npz_y_shape": ("y must hold one label per image, shape ({count},); its shape is {shape}.",
                        "y에는 이미지마다 레이블이 하나씩, 크기 ({count},)로 있어야 합니다. 받은 크기: {shape}"),
    "err_npz_x_not_numbers": ("x must hold numbers; its type is {dtype}.",
                              "x에는 숫자만 있어야 합니다. 받은 자료형: {dtype}"),
    "err_npz_y_not_indices": ("y must hold class numbers 0…K−1; it holds {dtype}, smallest {min}.",
                              "y에는 클래스 번호 0…K−1이 있어야 합니다. 받은 자료형: {dtype}, 최솟값: {min}"),
    "err_npz_not_square": ("Flat images need a square number of pixels (H×W); they have {pixels}.",
                           "펼친 이미지의 픽셀 수는 제곱수(H×W)여야 합니다. 받은 픽셀 수: {pixels}"),
    "err_npz_x_not_finite": ("x contains NaN or infinite values.",
                             "x에 숫자가 아닌 값(NaN)이나 무한대 값이 있습니다."),
    "err_npz_class_names_short": ("Labels go up to {top} but there are only {count} class names.",
                                  "레이블은 {top}까지 있는데 클래스 이름은 {count}개뿐입니다."),
    "err_npz_object_array": ("Arrays must not hold Python objects ({member}).",
                             "배열에 파이썬 객체가 있으면 안 됩니다 ({member})."),
    "err_zip_unreadable": ("The file is not a readable ZIP archive.", "읽을 수 있는 ZIP 파일이 아닙니다."),
    "err_zip_no_images": ("The ZIP needs one folder per class with images inside.",
                          "ZIP 파일에는 클래스마다 폴더가 하나씩 있고 그 안에 이미지가 있어야 합니다."),
    "err_zip_image_unreadable": ("The image {name} cannot be read.", "이미지를 읽을 수 없습니다: {name}"),
    "err_pixels_out_of_range": ("Pixel values must lie in 0…255 or 0…1; they lie in {low}…{high}.",
                                "픽셀 값은 0…255 또는 0…1 범위여야 합니다. 받은 범위: {low}…{high}"),
    "err_dataset_option_unknown": ("The data set {dataset} takes no option {options}.",
                                   "데이터셋 {dataset}에는 다음 옵션을 줄 수 없습니다: {options}"),
    "err_upload_id_bad": ("An upload id is upload:<16 hex digits>.csv, .npz or .zip; it is {value}.",
                          "올린 파일 id는 upload:<16진수 16자리>.csv, .npz 또는 .zip 형식이어야 합니다. "
                          "받은 값: {value}"),
    "err_upload_missing": ("The upload {spec} is no longer on the server; upload the file again.",
                           "올린 파일을 서버에서 찾을 수 없습니다: {spec}. 파일을 다시 올리세요."),
    "err_dataset_unknown": ("There is no data set {value}: choose one of {names}, or upload a file.",
                            "알 수 없는 데이터셋입니다: {value}. 다음 중에서 고르거나 파일을 올리세요: {names}"),
    "err_data_file_unknown": ("The server offers no data file {value}; it offers: {offered}.",
                              "서버에 없는 데이터 파일입니다: {value}. 있는 파일: {offered}"),
    "err_limit_bad": ("The number of images to use must be a whole number ≥ 4, or none; it is {value}.",
                      "사용할 이미지 수는 4 이상의 정수이거나 비어 있어야 합니다. 받은 값: {value}"),
    "err_one_class": ("A data set needs at least 2 classes; this one has only {name}.",
                      "데이터셋에는 클래스가 2개 이상 있어야 합니다. 받은 클래스는 하나뿐입니다: {name}"),
    "err_limit_one_class": ("{limit} images keep only 1 class of {classes}: use more images.",
                            "이미지 {limit}개로는 클래스 {classes}개 중 1개만 남습니다. 이미지 수를 늘리세요."),
    "err_val_fraction_starves_class": (
        "A validation share of {val_fraction} leaves no training image of class {name} ({count} "
        "image(s) in all): lower it or add images.",
        "검증 비율 {val_fraction}에서는 클래스 {name}의 트레이닝 이미지가 남지 않습니다 (전체 이미지 "
        "{count}개). 검증 비율을 낮추거나 이미지를 더하세요.",
    ),
    "err_shapes_n_bad": ("shapes makes 3 to {cap:,} images; it was asked for {value}.",
                         "shapes 데이터셋의 이미지 수는 3~{cap:,}개여야 합니다. 받은 값: {value}"),
    "err_val_csv_shape": ("The validation CSV's images are {val}, the training images {train}: they must match.",
                          "검증 CSV 이미지 크기({val})가 트레이닝 이미지 크기({train})와 다릅니다."),
    "err_sign_language_missing": (
        "sign-language-mnist needs the course's CSV (sign_mnist_train.csv) in the server's data "
        "folder or in {folder}.",
        "sign-language-mnist 데이터셋에는 강의의 CSV 파일(sign_mnist_train.csv)이 필요합니다. "
        "서버 데이터 폴더나 다음 폴더에 있어야 합니다: {folder}",
    ),
    "err_package_missing": ("The Python package {package} that holds this data set is not installed.",
                            "이 데이터셋이 들어 있는 파이썬 패키지가 설치되어 있지 않습니다: {package}"),
    "err_parse_timeout": ("Reading {name} took over {seconds:g} s.",
                          "파일을 읽는 데 {seconds:g}초가 넘게 걸렸습니다: {name}"),
    "err_parse_memory": ("Reading {name} needed more memory than the limit of {limit}.",
                         "파일을 읽는 데 한도({limit})보다 많은 메모리가 필요합니다: {name}"),
    "err_download_checksum": (
        "The downloaded {name} is not the published file (its checksum differs); once deleted, it "
        "is downloaded again.",
        "내려받은 파일이 공개된 파일과 다릅니다 (체크섬 불일치): {name}. 지우면 다시 내려받습니다.",
    ),
    "err_download_offline": (
        "Cannot download {name}: {host} is unreachable (offline?). Choose mnist-5k, digits or "
        "shapes, or put the file at {path}.",
        "파일을 내려받을 수 없습니다: {name}. 서버 {host}에 연결되지 않습니다 (오프라인?). mnist-5k, "
        "digits, shapes 중 하나를 고르거나 파일을 다음 위치에 두세요: {path}",
    ),
    "err_download_failed": ("The download of {name} failed; try again later.",
                            "파일 내려받기에 실패했습니다: {name}. 나중에 다시 시도하세요."),
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
    # more words inside the values: settings' names, parts of a data set, actions
    "err_value_epochs": ("epochs", "에포크 수"),
    "err_value_batch_size": ("batch size", "배치 크기"),
    "err_value_seed": ("seed", "시드"),
    "err_value_early_stopping": ("early-stopping patience", "조기 종료 대기 에포크"),
    "err_value_learning_rate": ("learning rate", "학습률"),
    "err_value_optimizer": ("optimizer", "옵티마이저"),
    "err_value_val_fraction": ("validation share", "검증 비율"),
    "err_value_rotation": ("rotation", "회전"),
    "err_value_zoom": ("zoom", "확대/축소"),
    "err_value_shift": ("shift", "이동"),
    "err_value_flip": ("horizontal flip", "좌우 반전"),
    "err_value_bn_momentum": ("batch-normalization momentum", "배치 정규화 모멘텀"),
    "err_value_precision": ("numeric precision", "연산 정밀도"),
    "err_value_limit": ("number of images to use", "사용할 이미지 수"),
    "err_value_trials": ("trials", "시도 수"),
    "err_value_grace_period": ("grace period", "최소 에포크"),
    "err_value_reduction_factor": ("reduction factor", "감소 비율"),
    "err_value_max_concurrent": ("trials at once", "동시 시도 수"),
    "err_value_cpus_per_trial": ("CPUs per trial", "시도당 CPU"),
    "err_value_gpus_per_trial": ("GPUs per trial", "시도당 GPU"),
    "err_value_padding": ("padding", "패딩"),
    "err_value_pool_padding": ("pool padding", "풀링 패딩"),
    "err_value_pooling": ("pooling", "풀링"),
    "err_value_activation": ("activation", "활성화 함수"),
    "err_value_image_size": ("image size", "이미지 크기"),
    "err_value_noise": ("noise", "노이즈"),
    "err_value_labels": ("labels", "레이블"),
    "err_value_kind": ("kind", "종류"),
    "err_value_layer": ("layer", "레이어"),
    "err_value_filter": ("filter", "필터(커널)"),
    "err_value_remedy": ("remedy", "고치는 방법"),
    "err_value_conv_blocks": ("convolution blocks", "합성곱 블록"),
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
