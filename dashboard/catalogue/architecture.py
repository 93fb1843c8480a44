"""Text of the Architecture page."""

TEXT = {
    "arch_title": ("Architecture", "전체 아키텍처"),
    "arch_intro": (
        "Assemble a whole CNN: convolution blocks, then dense layers. Every change updates "
        "the shape after each layer and the number of parameters, before you spend time training.",
        "합성곱 블록 뒤에 밀집 레이어를 이어 CNN 전체를 조립합니다. 값을 바꾸면 레이어마다 출력 "
        "크기와 파라미터 수가 바로 다시 계산되므로, 트레이닝에 시간을 쓰기 전에 확인할 수 "
        "있습니다.",
    ),
    "arch_preset": ("Start from a preset", "프리셋에서 시작"),
    "arch_preset_dense-baseline": (
        "Dense baseline (the course's dense network)",
        "밀집 네트워크 (강의 기준 모델)",
    ),
    "arch_preset_dli-cnn": (
        "The course's CNN (ASL, 264,049 parameters)",
        "강의 CNN (ASL, 파라미터 264,049개)",
    ),
    "arch_reset": ("Reset to preset", "프리셋으로 되돌리기"),
    "arch_input": ("Input", "입력"),
    "arch_classes": ("Classes", "클래스 수"),
    "arch_blocks": ("Convolution blocks", "합성곱 블록"),
    "arch_block": ("Block {i}: Conv2D → Dropout → BatchNorm → Pooling", "블록 {i}: Conv2D → 드롭아웃 → 배치 정규화 → 풀링"),
    "arch_no_blocks": ("No convolution blocks: the image goes straight to Flatten.", "합성곱 블록이 없습니다. 이미지가 바로 Flatten으로 갑니다."),
    "arch_filters": ("Filters", "필터(커널) 수"),
    "arch_kernel": ("Kernel", "커널"),
    "arch_stride": ("Stride", "스트라이드"),
    "arch_padding": ("Padding", "패딩"),
    "arch_batch_norm": ("BatchNorm", "배치 정규화"),
    "arch_dropout": ("Dropout", "드롭아웃 비율"),
    "arch_pooling": ("Pooling", "풀링"),
    "arch_pooling_max": ("max", "맥스 풀링"),
    "arch_pooling_average": ("average", "평균 풀링"),
    "arch_pooling_none": ("none", "없음"),
    "arch_pool_size": ("Pool size", "풀링 윈도우 크기"),
    "arch_pool_stride": ("Pool stride", "풀링 스트라이드"),
    "arch_pool_padding": ("Pool padding", "풀링 패딩"),
    "arch_remove": ("Remove", "삭제"),
    "arch_add_block": ("Add a block", "블록 추가"),
    "arch_dense": ("Dense layers", "밀집 레이어"),
    "arch_dense_layer": ("Dense {i}", "밀집 {i}"),
    "arch_units": ("Units", "뉴런 수"),
    "arch_add_dense": ("Add a dense layer", "밀집 레이어 추가"),
    "arch_output_note": (
        "Then Dense({classes}, softmax): one output per class.",
        "마지막 Dense({classes}, softmax) 레이어가 클래스마다 출력을 하나씩 냅니다.",
    ),
    "arch_layers": ("Layers", "레이어"),
    "arch_col_layer": ("Layer", "레이어"),
    "arch_col_type": ("Type", "종류"),
    "arch_col_shape": ("Output shape", "출력 크기"),
    "arch_col_params": ("Parameters", "파라미터"),
    "arch_total": ("Total parameters", "전체 파라미터"),
    "arch_flow": (
        "Values per image after each layer",
        "레이어를 지날 때마다 이미지 한 장에 남는 값의 수",
    ),
    "arch_values": ("values per image", "이미지당 값"),
    "arch_train": ("Train this model", "이 모델 트레이닝하기"),
    "arch_train_soon": ("Training arrives with the Train page.", "트레이닝은 트레이닝 페이지가 생기면 할 수 있습니다."),
    "arch_share": ("The address bar holds this architecture: copy the link to share it.", "주소 표시줄에 이 아키텍처가 담겨 있습니다. 링크를 복사해 공유하세요."),
    "arch_url_invalid": (
        "The architecture in the link cannot be read ({error}); starting from the preset.",
        "링크에 담긴 아키텍처를 읽을 수 없어 프리셋에서 시작합니다 ({error}).",
    ),
}
