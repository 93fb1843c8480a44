"""Words that come from data: class names of the built-in data sets, and the data-set notes.

``dashboard.i18n.class_name`` and ``note_text`` look these up; cnncore keeps its English
(it is stored with runs), the dashboard translates what it shows. Digits and sign-language
letters are names already and stay as they are. A note's English is cnncore's own
(:data:`cnncore.datasets.NOTES_EN`): one wording, here beside its Korean.
"""

from cnncore.datasets.base import NOTES_EN

TEXT = {
    # shapes
    "class_circle": ("circle", "원"),
    "class_square": ("square", "정사각형"),
    "class_triangle": ("triangle", "삼각형"),
    # fashion-mnist
    "class_T-shirt/top": ("T-shirt/top", "티셔츠/상의"),
    "class_Trouser": ("Trouser", "바지"),
    "class_Pullover": ("Pullover", "풀오버"),
    "class_Dress": ("Dress", "드레스"),
    "class_Coat": ("Coat", "코트"),
    "class_Sandal": ("Sandal", "샌들"),
    "class_Shirt": ("Shirt", "셔츠"),
    "class_Sneaker": ("Sneaker", "운동화"),
    "class_Bag": ("Bag", "가방"),
    "class_Ankle boot": ("Ankle boot", "앵클 부츠"),
    # cifar10
    "class_airplane": ("airplane", "비행기"),
    "class_automobile": ("automobile", "자동차"),
    "class_bird": ("bird", "새"),
    "class_cat": ("cat", "고양이"),
    "class_deer": ("deer", "사슴"),
    "class_dog": ("dog", "개"),
    "class_frog": ("frog", "개구리"),
    "class_horse": ("horse", "말"),
    "class_ship": ("ship", "배"),
    "class_truck": ("truck", "트럭"),
    # notes of cnncore.datasets (Note codes), worded by dashboard.i18n.note_text
    "note_subset": (NOTES_EN["subset"],
                    "전체 이미지 {total}개 중 {limit}개만 사용 (클래스 비율 유지)"),
    "note_sign_labels": (NOTES_EN["sign_labels"],
                         "레이블 0–24(9 제외)를 알파벳 A–Y 24개에 대응시킴"),
    "note_resized_all": (NOTES_EN["resized_all"], "모든 이미지를 {a}×{b} 크기로 바꿈"),
    "note_resized_some": (
        NOTES_EN["resized_some"],
        "이미지 {total}개 중 {off}개를 {a}×{b} 크기로 바꿈 (원래 크기: {found})",
    ),
    "note_validation_from": (NOTES_EN["validation_from"], "검증 데이터 파일: {file}"),
    "note_scattered": (
        NOTES_EN["scattered"],
        "숫자 크기를 원래의 {low}–{high}배로 바꾸고 {a}×{b} 캔버스의 아무 곳에나 놓음. "
        "트레이닝 숫자마다 {copies}번씩 배치",
    ),
}
