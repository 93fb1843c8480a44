"""Errors in the reader's language, part three: data-set files and uploads
(:mod:`cnncore.datasets`). See :mod:`dashboard.catalogue.errors`."""

TEXT = {
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
}
