"""Text of the Home page."""

TEXT = {
    "home_title": ("CNN Lab", "CNN Lab"),
    "home_tagline": (
        "Learn convolutional neural networks by doing: pick a kernel, a stride, a padding, "
        "a pooling and a dropout rate, see exactly what each does to real images, then "
        "train a small CNN and watch it generalise where a dense network overfits.",
        "CNN을 직접 해 보며 배웁니다. 커널, 스트라이드, 패딩, 풀링, 드롭아웃 비율을 골라 실제 "
        "이미지가 어떻게 바뀌는지 하나하나 확인하고, 작은 CNN을 트레이닝해 밀집 네트워크가 "
        "과적합하는 곳에서 CNN은 일반화하는 모습을 지켜보세요.",
    ),
    "home_audience": (
        "For students following the course, teachers showing it, and small ML teams "
        "exploring parameters together.",
        "강의를 듣는 학생, 강의하는 교사, 함께 하이퍼파라미터를 탐색하는 작은 ML 팀을 위한 도구입니다.",
    ),
    "home_path": ("The path through CNN Lab", "CNN Lab 둘러보기 순서"),
    "home_step_convolution": (
        "**Convolution**: slide a kernel over an image, number by number, with stride and padding.",
        "**커널과 합성곱**: 커널을 이미지 위로 한 칸씩 움직이며 곱하고 더합니다. 스트라이드와 패딩도 바꿔 봅니다.",
    ),
    "home_step_pooling": (
        "**Pooling & Dropout**: shrink a feature map with max or average pooling; switch neurons off at random.",
        "**풀링과 드롭아웃**: 맥스 풀링이나 평균 풀링으로 특성 맵을 줄이고, 뉴런을 무작위로 끕니다.",
    ),
    "home_step_architecture": (
        "**Architecture**: assemble a whole CNN and see every layer's shape and parameter count.",
        "**전체 아키텍처**: CNN 전체를 조립하고 각 레이어의 출력 크기와 파라미터 수를 확인합니다.",
    ),
    "home_step_train": (
        "**Train**: train the dense baseline and the CNN, and watch training and validation accuracy part ways or stay together.",
        "**트레이닝**: 밀집 네트워크와 CNN을 트레이닝하고, 트레이닝 정확도와 검증 정확도가 벌어지는지 지켜봅니다.",
    ),
    "home_step_experiments": (
        "**Experiments**: compare runs, open one, see what it got wrong.",
        "**실험 기록**: 실행을 서로 비교하고, 하나를 열어 무엇을 틀렸는지 살펴봅니다.",
    ),
    "home_step_inside": (
        "**Inside the model**: the kernels a network learned, and its feature maps.",
        "**모델 들여다보기**: 네트워크가 학습한 커널과 특성 맵을 봅니다.",
    ),
    "home_step_sweeps": (
        "**Sweeps**: try many configurations at once and see which hyperparameters matter.",
        "**하이퍼파라미터 탐색**: 여러 설정을 한 번에 시험하고 어떤 하이퍼파라미터가 중요한지 봅니다.",
    ),
    "home_step_class": (
        "**Class**: a teacher asks one question, every student tries a setting, one board shows all the answers.",
        "**수업**: 교사가 질문 하나를 던지고, 학생마다 설정을 하나씩 시도하면, 보드 하나에 모든 답이 나타납니다.",
    ),
    "home_environment": ("Environment", "실행 환경"),
    "home_env_backend": ("Keras backend", "Keras 백엔드"),
    "home_env_tensorflow": ("TensorFlow", "TensorFlow"),
    "home_env_device": ("Training device", "트레이닝 장치"),
    "home_env_store": ("Runs are stored in", "실행 기록 저장 위치"),
    "home_env_jobs": ("Jobs run on", "작업 실행 위치"),
    "home_env_detecting": ("detecting…", "확인 중…"),
    "home_env_not_installed": ("not installed", "설치되지 않음"),
    "home_env_ray_local": ("a local Ray instance, started on first use", "처음 사용할 때 시작되는 로컬 Ray"),
}
