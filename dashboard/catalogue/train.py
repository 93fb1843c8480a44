"""Text of the Train page (and the words every training page shares: curves, verdicts, statuses)."""

TEXT = {
    "train_title": ("Train", "트레이닝"),
    "train_intro": (
        "Pick a data set, a model and the training settings, then start. The run trains in the "
        "background; its training and validation accuracy appear here epoch by epoch. When the "
        "training accuracy climbs while the validation accuracy stalls, the model is overfitting.",
        "데이터셋, 모델, 트레이닝 설정을 고른 뒤 시작하세요. 트레이닝은 백그라운드에서 진행되고, "
        "트레이닝 정확도와 검증 정확도가 에포크마다 여기에 그려집니다. 트레이닝 정확도는 오르는데 "
        "검증 정확도가 제자리라면 모델이 과적합하고 있다는 뜻입니다.",
    ),
    # data
    "train_data": ("1 · Data", "1 · 데이터"),
    "train_dataset": ("Data set", "데이터셋"),
    "train_dataset_upload": ("Your own file…", "직접 올린 파일…"),
    "train_limit": ("Images to use (0 = all)", "사용할 이미지 수 (0 = 전체)"),
    "train_limit_help": (
        "A stratified subset: fewer images train faster, and make overfitting easier to see.",
        "클래스 비율을 유지한 일부만 사용합니다. 이미지가 적을수록 빨리 트레이닝되고 과적합이 더 잘 보입니다.",
    ),
    "train_shapes_n": ("Images to generate", "생성할 이미지 수"),
    "train_upload": ("Upload a data set", "데이터셋 올리기"),
    "train_upload_help": (
        "A CSV in the sign-language-MNIST layout, an .npz with x and y, or a ZIP with one folder per class.",
        "수어 MNIST 형식의 CSV, x와 y 배열이 든 .npz, 또는 클래스마다 폴더가 하나씩 있는 ZIP "
        "파일을 올릴 수 있습니다.",
    ),
    "train_loading_data": ("Loading the data set…", "데이터셋을 불러오는 중…"),
    "train_card_size": ("Image size", "이미지 크기"),
    "train_card_classes": ("Classes", "클래스 수"),
    "train_card_train": ("Training images", "트레이닝 이미지"),
    "train_card_val": ("Validation images", "검증 이미지"),
    "train_card_counts": ("Images per class", "클래스별 이미지 수"),
    # model
    "train_model": ("2 · Model", "2 · 모델"),
    "train_model_source": ("Model", "모델"),
    "train_model_from_architecture": (
        "From the Architecture page",
        "전체 아키텍처 페이지에서 만든 모델",
    ),
    "train_model_about_dense-baseline": (
        "The course's dense network: Flatten → Dense(512) → Dense(512) → softmax. No convolutions; "
        "it tends to memorise its training images.",
        "강의에서 쓴 밀집 네트워크입니다. Flatten → Dense(512) → Dense(512) → softmax로 이루어져 "
        "합성곱이 없으므로, 트레이닝 이미지를 외워 버리기 쉽습니다.",
    ),
    "train_model_about_dli-cnn": (
        "The course's CNN: three Conv2D → BatchNorm → MaxPool blocks (75, 50 and 25 kernels; "
        "dropout 0.2 in the second block), Dense(512) with dropout 0.3, softmax.",
        "강의에서 쓴 CNN입니다. Conv2D → 배치 정규화 → 맥스 풀링 블록 세 개(커널 75개, 50개, "
        "25개, 두 번째 블록에는 드롭아웃 0.2) 뒤에 드롭아웃 0.3을 둔 Dense(512)와 softmax가 "
        "이어집니다.",
    ),
    "train_model_about_custom": (
        "The network you assembled on the Architecture page.",
        "전체 아키텍처 페이지에서 조립한 네트워크입니다.",
    ),
    "train_model_summary": (
        "**{params}** parameters in {layers} layers on this data.",
        "이 데이터에서는 레이어 {layers}개, 파라미터 **{params}**개입니다.",
    ),
    "train_model_layers": ("Layers", "레이어"),
    # settings
    "train_settings": ("3 · Training settings", "3 · 트레이닝 설정"),
    "train_field_epochs": ("Epochs", "에포크"),
    "train_field_batch_size": ("Batch size", "배치 크기"),
    "train_field_optimizer": ("Optimizer", "옵티마이저"),
    "train_field_learning_rate": ("Learning rate", "학습률"),
    "train_field_seed": ("Seed", "시드"),
    "train_field_val_fraction": ("Validation share", "검증 데이터 비율"),
    "train_field_early_stopping": (
        "Early stopping patience (0 = off)",
        "조기 종료 대기 에포크 (0 = 사용 안 함)",
    ),
    "train_field_precision": ("Precision", "연산 정밀도"),
    "train_field_rotation": ("Rotation (degrees)", "회전 (도)"),
    "train_field_zoom": ("Zoom", "확대/축소"),
    "train_field_shift": ("Shift", "이동"),
    "train_field_flip": ("Horizontal flip", "좌우 반전"),
    "train_field_bn_momentum": ("BatchNorm momentum", "배치 정규화 모멘텀"),
    "train_field_default": ("default", "기본값"),
    "train_field_optional_help": ("Leave empty for the default.", "비워 두면 기본값을 씁니다."),
    "train_augmentation": ("Data augmentation", "데이터 증강"),
    "train_augmentation_help": (
        "Random changes to each training image, every epoch (the course's part 4, data augmentation: rotation 10°, zoom and shift 0.1).",
        "에포크마다 트레이닝 이미지를 무작위로 바꿉니다 (강의 4부 데이터 증강: 회전 10°, 확대와 이동 0.1).",
    ),
    # start
    "train_start": ("Start training", "트레이닝 시작"),
    "train_reproduce": ("Reproduce the course", "강의 결과 재현하기"),
    "train_reproduce_help": (
        "Trains the dense baseline and the course's CNN on the course data set (mnist-scattered: "
        "real digits placed at different spots and sizes, like the hands in the course's photos), "
        "8 epochs each with the seed above, and shows both on the same axes. About 2 minutes.",
        "강의 데이터셋(mnist-scattered: 강의 사진 속 손처럼 실제 숫자를 여러 위치와 크기로 흩어 "
        "놓은 데이터)으로 밀집 네트워크와 강의 CNN을 위의 시드로 각각 8 에포크씩 트레이닝해 한 "
        "그래프에 함께 보여 줍니다. 약 2분 걸립니다.",
    ),
    "train_start_note": (
        "Runs train one after another in the background; you can leave this page and come back.",
        "트레이닝은 백그라운드에서 차례로 진행됩니다. 이 페이지를 떠났다가 돌아와도 됩니다.",
    ),
    # live
    "train_live": ("Training", "트레이닝 현황"),
    "train_nothing_yet": ("No run is training. Start one above; its curves will grow here.",
                          "진행 중인 트레이닝이 없습니다. 위에서 시작하면 여기에 곡선이 그려집니다."),
    "train_stop": ("Stop", "중지"),
    "train_stop_requested": (
        "Stop requested: the run ends after the current batch.",
        "중지를 요청했습니다. 지금 처리 중인 배치가 끝나면 멈춥니다.",
    ),
    "train_progress": ("Epoch {epoch} of {epochs} · batch {batch} of {batches}",
                       "에포크 {epoch}/{epochs} · 배치 {batch}/{batches}"),
    "train_failed": ("The run failed: {error}", "트레이닝 실패: {error}"),
    "train_elapsed": ("Elapsed", "경과 시간"),
    "train_speed": ("Samples / s", "초당 샘플 수"),
    "train_device": ("Device", "장치"),
    "train_val_accuracy": ("Validation accuracy", "검증 정확도"),
    "train_gap": ("Gap", "차이"),
    "train_gap_help": (
        "Training accuracy minus validation accuracy at the last epoch, in percentage points. "
        "A large gap means overfitting.",
        "마지막 에포크의 트레이닝 정확도에서 검증 정확도를 뺀 값(퍼센트포인트)입니다. 차이가 크면 과적합입니다.",
    ),
    "train_points": ("{points} pts", "{points}%p"),
    "train_see_experiments": ("Compare runs on the Experiments page", "실험 기록 페이지에서 비교하기"),
    "train_go": ("Go to the Train page", "트레이닝 페이지로 가기"),
    # curves
    "train_accuracy": ("Accuracy", "정확도"),
    "train_loss": ("Loss", "손실"),
    "train_epoch": ("Epoch", "에포크"),
    "train_train": ("training", "트레이닝"),
    "train_val": ("validation", "검증"),
    "train_status_queued": ("queued", "대기 중"),
    "train_status_running": ("running", "트레이닝 중"),
    "train_status_finished": ("finished", "완료"),
    "train_status_failed": ("failed", "실패"),
    "train_status_stopped": ("stopped", "중지됨"),
    # the data-set picker (Train and Sweeps) and what a queued run waits for
    "train_dataset_server": ("{name} (server)", "{name} (서버 파일)"),
    "train_sl_file": ("sign_mnist_train.csv file", "sign_mnist_train.csv 파일"),
    "train_sl_file_help": (
        "The course's CSV (label, pixel1…pixel784) from the server's data folder; or upload it with “Your own file…”.",
        "서버 데이터 폴더에 있는 강의의 CSV 파일(label, pixel1…pixel784)입니다. “직접 올린 파일…”로 올릴 수도 있습니다.",
    ),
    "train_sl_file_needed": (
        "The server's data folder (`CNNLAB_DATA`) has no CSV file: upload the course's CSV with “Your own file…”.",
        "서버 데이터 폴더(`CNNLAB_DATA`)에 CSV 파일이 없습니다. “직접 올린 파일…”로 강의의 CSV 파일을 올리세요.",
    ),
    "train_wait_worker": (
        "Starting the training worker (Ray and TensorFlow): about {seconds} s the first time.",
        "트레이닝 워커(Ray와 TensorFlow)를 시작하는 중입니다. 처음에는 약 {seconds}초 걸립니다.",
    ),
    "train_wait_start": (
        "Starting: the worker loads the data set and builds the model.",
        "시작하는 중입니다. 워커가 데이터셋을 불러오고 모델을 만듭니다.",
    ),
}
