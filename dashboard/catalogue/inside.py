"""Text of the Inside-the-model page."""

TEXT = {
    "inside_title": ("Inside the model", "모델 들여다보기"),
    "inside_intro": (
        "What a trained CNN learned: the kernels of its first layer, the feature maps each "
        "convolution produces for an image, and the images that excite a filter most.",
        "트레이닝된 CNN이 무엇을 학습했는지 살펴봅니다. 첫 레이어의 커널, 이미지 한 장을 넣었을 "
        "때 합성곱 레이어마다 만들어지는 특성 맵, 필터(커널) 하나가 가장 강하게 반응하는 이미지를 "
        "차례로 보여 줍니다.",
    ),
    "inside_no_runs": ("No finished run yet — train a CNN on the Train page first.",
                       "아직 끝난 실행이 없습니다. 먼저 트레이닝 페이지에서 CNN을 트레이닝하세요."),
    "inside_pick_run": ("Finished run", "완료된 실행"),
    "inside_dense_only": ("{model} has no convolution layers, so it has no kernels or feature maps to show. "
                          "Pick a CNN run.",
                          "{model}에는 합성곱 레이어가 없어 보여 줄 커널이나 특성 맵이 없습니다. CNN 실행을 고르세요."),
    "inside_loading": ("Loading the trained model…", "트레이닝된 모델을 불러오는 중…"),
    "inside_kernels": ("Learned kernels of the first layer", "첫 레이어가 학습한 커널"),
    "inside_kernels_intro": (
        "Each small grid is one kernel's weights (W1…W9 for a 3×3 kernel), learned from the data "
        "instead of chosen by hand. Red is positive, blue negative; hover for the values.",
        "작은 격자 하나가 커널 하나의 가중치입니다 (3×3 커널이면 W1…W9). 사람이 고른 것이 아니라 "
        "데이터에서 학습한 값입니다. 빨강은 양수, 파랑은 음수이며, 마우스를 올리면 값이 보입니다.",
    ),
    "inside_columns": ("Kernels per row", "한 줄에 놓을 커널 수"),
    "inside_weight": ("weight", "가중치"),
    "inside_channels_averaged": (
        "The images have {channels} channels; each kernel is shown averaged over them.",
        "이미지의 채널이 {channels}개이므로 커널마다 채널 평균을 보여 줍니다.",
    ),
    "inside_filter": ("Kernel", "커널"),
    "inside_resembles": ("Most like the hand-made kernel", "가장 닮은 수작업 커널"),
    "inside_inverted": ("inverted", "부호 반전"),
    "inside_similarity": ("Similarity", "유사도"),
    "inside_kernel_counts": ("**How many learned kernels resemble each hand-made kernel:**",
                             "**수작업 커널별로 닮은 학습된 커널의 수:**"),
    "inside_similarity_help": (
        "Similarity is the cosine between the two kernels' weights (1 = same pattern up to scale). "
        "“Inverted” means the learned kernel is the hand-made one with its sign flipped, e.g. an "
        "edge of the opposite direction.",
        "유사도는 두 커널 가중치 사이의 코사인 값입니다(1이면 크기만 다를 뿐 같은 패턴). “부호 "
        "반전”은 학습된 커널이 수작업 커널의 부호를 뒤집은 모양이라는 뜻으로, 예를 들면 방향이 "
        "반대인 엣지입니다.",
    ),
    "inside_show_presets": ("Show these hand-made kernels", "이 수작업 커널 보기"),
    "inside_maps": ("Feature maps", "특성 맵"),
    "inside_maps_intro": (
        "Pick a validation image: each convolution layer turns it into one feature map per kernel, "
        "after its activation (ReLU), then pooling halves their size.",
        "검증 이미지를 한 장 고르세요. 합성곱 레이어에서는 커널 하나가 특성 맵 하나를 "
        "만들고(활성화 함수 ReLU를 거친 뒤), 이어지는 풀링이 그 크기를 절반으로 줄입니다.",
    ),
    "inside_class": ("Class", "클래스"),
    "inside_no_images": ("The validation set has no image of this class.", "검증 데이터에 이 클래스의 이미지가 없습니다."),
    "inside_image": ("Image of this class", "이 클래스의 이미지"),
    "inside_maps_shown": ("Feature maps shown per layer", "레이어당 보여 줄 특성 맵 수"),
    "inside_image_caption": ("validation image {index}: {label}", "검증 이미지 {index}: {label}"),
    "inside_block": ("Convolution {block}", "합성곱 {block}"),
    "inside_stage_activation": (
        "**{layer}** after activation: {filters} maps of {h}×{w} (first {shown} shown)",
        "**{layer}** 활성화 이후: {h}×{w} 특성 맵 {filters}개 (앞의 {shown}개 표시)",
    ),
    "inside_stage_pooling": (
        "**{layer}** after pooling: {filters} maps of {h}×{w} (first {shown} shown)",
        "**{layer}** 풀링 이후: {h}×{w} 특성 맵 {filters}개 (앞의 {shown}개 표시)",
    ),
    "inside_activation": ("activation", "활성값"),
    "inside_top": ("What a filter looks for", "필터(커널)가 찾는 것"),
    "inside_top_intro": (
        "The validation images (of the first {n}) that activate the chosen filter most, by its "
        "mean activation over the image.",
        "고른 필터(커널)가 가장 강하게 반응한 검증 이미지입니다. 앞쪽 검증 이미지 {n}개 가운데 "
        "이미지 전체의 평균 활성값이 큰 순서로 골랐습니다.",
    ),
    "inside_layer": ("Convolution layer", "합성곱 레이어"),
    "inside_filter_number": ("Filter (1–{filters})", "필터(커널) 번호 (1–{filters})"),
    "inside_scoring": ("Running the validation images through the model…", "검증 이미지를 모델에 통과시키는 중…"),
    "inside_top_help": (
        "Each caption: the image's true class and the filter's mean activation.",
        "이미지 아래에는 실제 클래스와 필터(커널)의 평균 활성값을 적었습니다.",
    ),
    # your own .keras model (dashboard.inside_views.own_model)
    "inside_source": ("Model", "모델"),
    "inside_source_run": ("A run trained here", "여기서 트레이닝한 실행"),
    "inside_source_upload": ("Your own .keras file", "내 Keras 모델 파일"),
    "inside_own_intro": (
        "Upload a model saved with Keras 3 (`model.save(\"mine.keras\")`). The file is read as data "
        "first: only Keras's own layers are accepted (no Lambda layers, no custom objects), up to "
        "{params_cap} parameters, and it is loaded in a separate, memory-capped process before the "
        "lab shows it. The lab feeds images with pixel values in [0, 1].",
        "Keras 3로 저장한 모델(`model.save(\"mine.keras\")`)을 올리세요. 파일은 먼저 데이터로만 "
        "읽습니다. Keras 내장 레이어만 받고(Lambda 레이어와 사용자 정의 객체는 받지 않습니다), 파라미터는 "
        "최대 {params_cap}개까지이며, 메모리를 제한한 별도 프로세스에서 불러 본 뒤에 보여 줍니다. 이 랩은 "
        "픽셀 값이 [0, 1]인 이미지를 넣습니다.",
    ),
    "inside_upload": ("Model file (.keras)", "모델 파일 (.keras)"),
    "inside_upload_help": ("A Keras 3 .keras file: a ZIP of config.json and model.weights.h5.",
                           "Keras 3 .keras 파일: config.json과 model.weights.h5를 담은 ZIP 파일입니다."),
    "inside_own_none": ("Upload a .keras file to look inside it.", ".keras 파일을 올리면 모델 안을 보여 줍니다."),
    "inside_own_checking": ("Checking and loading the model…", "모델을 검사하고 불러오는 중…"),
    "inside_own_layers": ("Layers of {name}", "{name}의 레이어"),
    "inside_own_summary": ("{layers} layers, {params:,} parameters; input {shape}.",
                           "레이어 {layers}개, 파라미터 {params:,}개, 입력 모양 {shape}."),
    "inside_own_no_conv": ("This model has no Conv2D layer, so it has no kernels or feature maps to show.",
                           "이 모델에는 합성곱(Conv2D) 레이어가 없어 보여 줄 커널이나 특성 맵이 없습니다."),
    "inside_own_input_unfed": (
        "The model does not take one batch of images (N, H, W, C), so no image of the lab can be fed to it.",
        "이 모델은 이미지 묶음 하나(N, H, W, C)를 입력으로 받지 않아 랩의 이미지를 넣을 수 없습니다.",
    ),
    "inside_own_images": ("Images to feed it", "넣을 이미지"),
    "inside_own_image_upload": ("An image of yours, resized", "내 이미지 (크기 맞춤)"),
    "inside_own_no_dataset": (
        "No data set of the lab has images of {shape}; upload an image and it is resized to fit.",
        "랩의 데이터셋 중 이미지 모양이 {shape}인 것이 없습니다. 이미지를 올리면 크기를 맞춰 넣습니다.",
    ),
    "inside_own_maps_intro": (
        "Your image, resized to the model's input and converted to its channels: each convolution "
        "layer turns it into one feature map per kernel.",
        "올린 이미지를 모델의 입력 크기와 채널 수에 맞춘 것입니다. 합성곱 레이어에서는 커널 하나가 특성 맵 "
        "하나를 만듭니다.",
    ),
    "inside_own_image_file": ("Image (PNG or JPEG)", "이미지 (PNG 또는 JPEG)"),
    "inside_own_image_caption": ("your {h}×{w} image as {shape}", "올린 {h}×{w} 이미지 → {shape}"),
    "inside_own_train": ("Train this architecture from scratch", "이 구조를 처음부터 트레이닝하기"),
    "inside_own_train_help": (
        "Every layer maps onto the lab's model, so Train can build the same architecture with fresh "
        "weights on a lab data set (your file's weights are not used).",
        "모든 레이어가 이 랩의 모델 구성에 대응하므로, 트레이닝 페이지에서 같은 구조를 새 가중치로 만들어 "
        "랩의 데이터셋으로 트레이닝할 수 있습니다 (올린 파일의 가중치는 쓰지 않습니다).",
    ),
    "inside_own_unmapped": ("It cannot be trained here from scratch: {why}",
                            "이 구조는 여기서 처음부터 트레이닝할 수 없습니다: {why}"),
}
