"""Errors in the reader's language, part four: your own ``.keras`` model
(:mod:`cnncore.nn.keras_files`, :mod:`cnncore.nn.model_upload`). See :mod:`dashboard.catalogue.errors`."""

TEXT = {
    "err_model_suffix_bad": ("A model file must end in .keras; {name} does not.",
                             "모델 파일은 .keras 파일이어야 합니다. 받은 파일: {name}"),
    "err_model_file_too_large": (
        "{what} is {size}; the limit is {cap}.",
        "파일 크기가 한도를 넘습니다: {what} {size}, 한도 {cap}.",
    ),
    "err_value_weights_arrays": ("The arrays of model.weights.h5", "model.weights.h5의 배열"),
    "err_model_file_bad": (
        "This is not a Keras 3 model file (.keras): {why}.",
        "Keras 3 모델 파일(.keras)이 아닙니다. 파일이 잘렸거나 손상되었을 수 있습니다. 자세한 내용(영어): {why}",
    ),
    "err_model_lambda_layer": (
        "Layer {layer} is a Lambda layer: it holds Python code that would run when the file is "
        "loaded, so the lab never loads it. Replace it with a built-in layer (Rescaling, Activation…).",
        "{layer} 레이어는 Lambda 레이어입니다. 파일을 불러올 때 실행될 파이썬 코드가 들어 있어 이 랩은 "
        "불러오지 않습니다. 내장 레이어(Rescaling, Activation 등)로 바꾸세요.",
    ),
    "err_model_custom_object": (
        "{name} is a custom object ({kind}) whose code is not part of Keras; the lab opens models "
        "built from Keras's own layers only.",
        "Keras에 없는 사용자 정의 객체가 들어 있습니다: {name} ({kind}). 이 랩은 Keras 내장 레이어로만 "
        "만든 모델을 엽니다.",
    ),
    "err_model_layer_unsupported": (
        "Layer {layer} is a {kind}, which the lab does not open. It opens Conv2D, Dense, pooling, "
        "Dropout, BatchNormalization, Flatten, activations, Rescaling, reshaping and augmentation layers.",
        "{layer} 레이어는 이 랩이 열지 않는 {kind}입니다. 열 수 있는 레이어: 합성곱(Conv2D), 밀집, 풀링, "
        "드롭아웃, 배치 정규화, Flatten, 활성화 함수, Rescaling, 모양 바꾸기와 데이터 증강 레이어.",
    ),
    "err_model_activations_over_cap": (
        "One image makes {values:,} values across the model's layers; the lab draws models of at "
        "most {cap:,} (a smaller input or fewer filters).",
        "이미지 한 장이 모델의 레이어 전체에서 값 {values:,}개를 만듭니다. 이 랩이 보여 줄 수 있는 모델은 "
        "최대 {cap:,}개까지입니다 (입력 크기나 필터(커널) 수를 줄이세요).",
    ),
    "err_value_layers": ("layers", "레이어"),
    "err_model_not_built": (
        "Layer {layer} has no input shape in the file, so its weights cannot be counted. Build the "
        "model (give it an Input) before saving it.",
        "파일에 {layer} 레이어의 입력 모양이 없어 가중치(파라미터) 수를 셀 수 없습니다. 모델에 Input을 "
        "주어 만든 뒤 저장하세요.",
    ),
    "err_model_layer_unmapped": (
        "Layer {layer} ({kind}) has no place in the lab's model: {why}.",
        "{layer} 레이어({kind})는 이 랩의 모델 구성에 대응하지 않습니다. 자세한 내용(영어): {why}",
    ),
    "err_model_load_failed": (
        "Keras could not load the model: {why}.",
        "Keras가 모델을 불러오지 못했습니다. 자세한 내용(영어): {why}",
    ),
    "err_model_input_unfed": (
        "The model takes images of shape {shape}; an image has 1 or 3 channels.",
        "이 모델의 입력 모양은 {shape}입니다. 이미지의 채널은 1개 또는 3개라서 넣을 수 없습니다.",
    ),
}
