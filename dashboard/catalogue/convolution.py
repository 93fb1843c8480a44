"""Text of the Convolution page ("커널과 합성곱")."""

TEXT = {
    "conv_title": ("Kernels and convolution", "커널과 합성곱"),
    "conv_intro": (
        "A kernel slides over the image; at each stop its weights multiply the pixels under "
        "it and the products are summed into one number of the output, the feature map.",
        "커널이 이미지 위를 움직입니다. 멈출 때마다 커널의 가중치와 그 아래 픽셀을 곱하고, "
        "곱한 값을 모두 합해 출력(특성 맵)의 한 칸을 만듭니다.",
    ),
    # Controls
    "conv_image": ("Image", "이미지"),
    "conv_image_deck": ("Course example (6×6)", "강의 예제 (6×6)"),
    "conv_image_sample": ("Sample: {name}", "샘플: {name}"),
    "conv_image_upload": ("Upload a PNG or JPEG…", "PNG 또는 JPEG 업로드…"),
    "conv_upload": ("Your image", "내 이미지"),
    "conv_upload_prompt": ("Upload a PNG or JPEG file to convolve it.", "합성곱할 PNG 또는 JPEG 파일을 올려 주세요."),
    "conv_downscaled": (
        "The upload was {h}×{w}; it was shrunk to {nh}×{nw} (longest side at most {max_side}).",
        "업로드한 이미지({h}×{w})를 {nh}×{nw} 크기로 줄였습니다 (긴 변 최대 {max_side}).",
    ),
    "conv_kernel": ("Kernel", "커널"),
    "conv_kernel_custom": ("Custom (edit the grid)", "직접 입력 (표 편집)"),
    "conv_kernel_identity": ("Identity", "항등 (그대로)"),
    "conv_kernel_blur": ("Blur", "흐리게 하기"),
    "conv_kernel_sharpen": ("Sharpen", "선명하게 하기"),
    "conv_kernel_brighten": ("Brighten", "밝게 하기"),
    "conv_kernel_darken": ("Darken", "어둡게 하기"),
    "conv_kernel_sobel_vertical": ("Vertical edges (Sobel)", "수직 엣지 (소벨)"),
    "conv_kernel_sobel_horizontal": ("Horizontal edges (Sobel)", "수평 엣지 (소벨)"),
    "conv_kernel_box_blur": ("Box blur", "박스 블러"),
    "conv_kernel_gaussian_5x5": ("Gaussian 5×5", "가우시안 5×5"),
    "conv_kernel_laplacian": ("Laplacian", "라플라시안"),
    "conv_kernel_emboss": ("Emboss", "엠보스"),
    "conv_kernel_outline": ("Outline", "윤곽선"),
    "conv_kernel_rows": ("Kernel rows", "커널 행 수"),
    "conv_kernel_cols": ("Kernel columns", "커널 열 수"),
    "conv_grid_help": (
        "Type the kernel's weights; every cell needs a number.",
        "커널의 가중치를 입력하세요. 모든 칸에 숫자가 있어야 합니다.",
    ),
    "conv_stride": ("Stride", "스트라이드"),
    "conv_stride_help": ("How many pixels the kernel moves between stops.", "커널이 한 번에 움직이는 픽셀 수입니다."),
    "conv_padding": ("Padding", "패딩"),
    "conv_padding_valid": ("None (valid)", "없음 (valid)"),
    "conv_padding_same": ("Same size (same)", "같은 크기 (same)"),
    "conv_padding_zeros": ("Rings of zeros", "제로 패딩"),
    "conv_pad": ("How many rings", "제로 패딩 테두리 수"),
    # Shapes and formula
    "conv_shapes": (
        "Input **{input}** → padded **{padded}** → kernel **{kernel}**, stride **{stride}** → output **{output}**",
        "입력 **{input}** → 패딩 후 **{padded}** → 커널 **{kernel}**, 스트라이드 **{stride}** → 출력 **{output}**",
    ),
    "conv_formula": ("Output size", "출력 크기"),
    "conv_axis_height": ("height", "높이"),
    "conv_axis_width": ("width", "너비"),
    "conv_formula_explicit": (
        "{axis}: ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = **{out}**",
        "{axis}: ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = **{out}**",
    ),
    "conv_formula_same": (
        "{axis}: ⌈n / s⌉ = ⌈{n} / {s}⌉ = **{out}**; zeros max(({out} − 1)·{s} + {k} − {n}, 0) = "
        "{total}: {before} before, {after} after",
        "{axis}: ⌈n / s⌉ = ⌈{n} / {s}⌉ = **{out}**; 제로 패딩 max(({out} − 1)·{s} + {k} − {n}, 0) = "
        "{total}: 앞 {before}, 뒤 {after}",
    ),
    # Small inputs: every number
    "conv_input_padded": ("Input with its padding ring", "패딩을 두른 입력"),
    "conv_input": ("Input", "입력"),
    "conv_output": ("Output (feature map)", "출력 (특성 맵)"),
    "conv_step": ("Step through the output", "출력 한 칸씩 보기"),
    "conv_cell": ("Output cell", "출력 칸"),
    "conv_cell_caption": (
        "Cell {index} of {count}: row {row}, column {col}. The window starts at row {top}, "
        "column {left} of the padded input.",
        "{count}칸 중 {index}번째: {row}행 {col}열. 윈도우는 패딩한 입력의 {top}행 {left}열에서 시작합니다.",
    ),
    "conv_window": ("Window", "윈도우 (커널 아래 입력)"),
    "conv_products": ("Multiply", "곱하기"),
    "conv_sum": ("Sum", "합"),
    # Photos
    "conv_original": ("Original", "이미지 원본"),
    "conv_result": ("Convolved", "합성곱이 수행된 이미지"),
    "conv_display": ("Values outside 0–1", "0–1 밖의 값"),
    "conv_display_clip": ("Clip", "클리핑"),
    "conv_display_rescale": ("Rescale", "범위 재조정"),
    "conv_display_help": (
        "Clip shows values below 0 as black and above 1 as white, as a photo would; rescale "
        "maps the lowest value to black and the highest to white, so negative edges stay visible.",
        "클리핑은 사진처럼 0보다 작은 값은 검정, 1보다 큰 값은 흰색으로 보여 줍니다. 범위 "
        "재조정은 가장 작은 값을 검정, 가장 큰 값을 흰색에 맞추므로 음수 엣지도 보입니다.",
    ),
    "conv_value_range": (
        "Output values range from {low} to {high}.",
        "출력 값은 {low}부터 {high}까지입니다.",
    ),
    "conv_gallery": ("The course's kernels at once", "강의에 나온 커널 한눈에 보기"),
}
