"""The words of an exported script's comments and of a notebook's markdown, English and Korean.

cnncore holds no user-interface text: the dashboard's catalogue words what a page shows.
These words are different: they are the contents of a file, and the command line
(``python -m cnncore export``) writes the same files as the dashboard's download buttons, so
they live here, apart from the code that builds the files: one table, ``key → (english,
korean)``, filled by :func:`words`. Korean follows the course deck's terms (커널, 합성곱,
스트라이드, 패딩, 맥스 풀링, 드롭아웃, 밀집(Dense), 과적합, 조기 종료, 데이터 증강) in 합니다체.

Examples
--------
>>> words("c_dropout", "ko", percent=20)
'드롭아웃: 학습하는 동안 값의 20%를 무작위로 0으로 만들어, 한 특성에만 기대지 않게 합니다'
"""

from __future__ import annotations

from cnncore.checks import shown
from cnncore.errors import InvalidInput

LANGUAGES = ("en", "ko")

PROSE: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ the script's docstring
    "doc_title": ("CNN Lab run {run}: {model} on {dataset}, as a plain Keras 3 script.",
                  "CNN Lab 실행 {run}: {dataset} 데이터로 학습한 {model}을 Keras 3 코드로 옮긴 스크립트입니다."),
    "doc_title_config": ("CNN Lab: {model} on {dataset}, as a plain Keras 3 script.",
                         "CNN Lab: {dataset} 데이터로 학습하는 {model}을 Keras 3 코드로 옮긴 스크립트입니다."),
    "doc_body": (
        "It reproduces the run: the same images and split, the same network, seed and training\n"
        "settings. Run it where CNN Lab is installed (`pip install -e .` in its folder):\n"
        "cnncore only loads the data; everything from the model to `fit` is Keras.\n"
        "It prints the final validation accuracy and the number of parameters, and saves the\n"
        "accuracy plot next to itself (and shows it where there is a screen).",
        "같은 이미지와 같은 분할, 같은 신경망, 같은 시드와 학습 설정으로 실행을 재현합니다.\n"
        "CNN Lab이 설치된 환경(CNN Lab 폴더에서 `pip install -e .`)에서 실행합니다.\n"
        "cnncore는 데이터만 불러오고, 모델부터 `fit`까지는 모두 Keras 코드입니다.\n"
        "마지막 검증 정확도와 파라미터 수를 출력하고, 정확도 그래프를 스크립트 옆에\n"
        "저장합니다(화면이 있으면 띄워서 보여 줍니다)."),
    # ------------------------------------------------------------------ section titles
    "sec_imports": ("Imports", "불러오기"),
    "sec_settings": ("The run's settings", "실행 설정"),
    "sec_data": ("The data", "데이터"),
    "sec_model": ("The network, layer by layer", "층별로 본 신경망"),
    "sec_augmentation": ("Data augmentation", "데이터 증강"),
    "sec_training": ("Training", "학습"),
    "sec_results": ("Results", "결과"),
    # ------------------------------------------------------------------ code comments
    "c_dataset": ("the data set's name in CNN Lab", "CNN Lab의 데이터셋 이름"),
    "c_limit": ("images used in all (None: the whole set)", "사용하는 이미지 수(None이면 전체)"),
    "c_options": ("the data set's options", "데이터셋 옵션"),
    "c_val_fraction": ("share of the images held out for validation", "검증용으로 떼어 두는 이미지 비율"),
    "c_seed": ("fixes split, initial weights, shuffling and augmentation",
               "분할, 초기 가중치, 섞는 순서, 데이터 증강을 고정합니다"),
    "c_epochs": ("passes over the training images", "학습 이미지를 몇 번 훑는지(에포크)"),
    "c_batch": ("images per weight update", "가중치를 한 번 갱신할 때 쓰는 이미지 수"),
    "c_lr": ("how big a step the optimizer takes", "옵티마이저가 한 번에 움직이는 크기(학습률)"),
    "c_patience": ("early stopping: epochs without a better validation loss",
                   "조기 종료: 검증 손실이 나아지지 않아도 기다리는 에포크 수"),
    "c_load": ("cnncore loads the very images of the run, split the same way (the same seed)",
               "cnncore가 실행에 쓴 바로 그 이미지를 같은 방식(같은 시드)으로 나눠 불러옵니다"),
    "c_arrays": ("(N, H, W, C) floats in [0, 1]; labels are class numbers 0…K−1",
                 "(N, H, W, C), [0, 1] 사이의 실수; 레이블은 클래스 번호 0…K−1"),
    "c_steps": ("batches per epoch", "에포크당 배치 수"),
    "c_bn_rule": ("BatchNormalization's running mean and variance move by 1 − momentum per batch;\n"
                  "on a small training set CNN Lab lowers Keras's 0.99 so they settle in the first epoch",
                  "배치 정규화의 이동 평균과 분산은 배치마다 1 − momentum만큼 움직입니다.\n"
                  "학습 이미지가 적으면 CNN Lab은 Keras의 0.99를 낮춰 첫 에포크 안에 자리 잡게 합니다"),
    "c_bn_fixed": ("the run's own BatchNormalization momentum", "이 실행이 정한 배치 정규화 momentum"),
    "c_precision": ("the run's precision: the network computes in {precision}",
                    "이 실행의 정밀도: 신경망이 {precision}로 계산합니다"),
    "c_precision_back": ("augmentation and data stay in float32", "데이터 증강과 데이터는 float32 그대로입니다"),
    "c_seed_model": ("the same seed, so the same initial weights as the run",
                     "같은 시드이므로 실행과 같은 초기 가중치로 시작합니다"),
    "c_input": ("the image: height × width × channels", "입력 이미지: 높이 × 너비 × 채널"),
    "c_conv": ("Convolution: {filters} kernels of {k}×{k} slide over the maps with stride {stride} "
               "(the step, in pixels);",
               "합성곱: {k}×{k} 커널 {filters}개가 특성 맵 위를 {stride}칸씩(스트라이드 {stride}) 움직입니다."),
    "c_pad_same": ("'same' padding frames the map with zeros so it keeps its size",
                   "'same' 패딩은 가장자리에 0을 둘러 크기를 그대로 둡니다"),
    "c_pad_valid": ("'valid' padding adds no zeros, so the map shrinks",
                    "'valid' 패딩은 0을 두르지 않아 특성 맵이 줄어듭니다"),
    "c_dropout": ("Dropout: during training, {percent}% of the values are set to zero at random, so no "
                  "single feature is relied on",
                  "드롭아웃: 학습하는 동안 값의 {percent}%를 무작위로 0으로 만들어, 한 특성에만 기대지 않게 합니다"),
    "c_bn": ("Batch normalization: each feature map rescaled to mean 0 and variance 1",
             "배치 정규화: 특성 맵마다 평균 0, 분산 1로 맞춥니다"),
    "c_pool_max": ("Max pooling: the largest value of each {p}×{p} window, moving {s} at a time",
                   "맥스 풀링: {p}×{p} 창마다 가장 큰 값만 남기고 {s}칸씩 움직입니다"),
    "c_pool_average": ("Average pooling: the mean of each {p}×{p} window, moving {s} at a time",
                       "평균 풀링: {p}×{p} 창마다 평균을 남기고 {s}칸씩 움직입니다"),
    "c_flatten": ("Flatten: the feature maps become one long vector for the dense layers",
                  "평탄화: 특성 맵을 한 줄의 벡터로 펼쳐 밀집(Dense) 층에 넘깁니다"),
    "c_flatten_image": ("Flatten: the image becomes one long vector of pixels for the dense layers",
                        "평탄화: 이미지를 한 줄의 픽셀 벡터로 펼쳐 밀집(Dense) 층에 넘깁니다"),
    "c_dense": ("Dense: {units} neurons, each connected to every value before it",
                "밀집(Dense) 층: 뉴런 {units}개가 앞의 모든 값과 연결됩니다"),
    "c_output": ("Output: one probability per class (softmax)", "출력층: 클래스마다 확률 하나(softmax)"),
    "c_augmentation": ("Every epoch sees slightly changed copies of the images\n"
                       "(active in training only; validation sees the images as they are)",
                       "에포크마다 조금씩 바뀐 이미지로 학습합니다\n"
                       "(학습할 때만 작동하고, 검증은 원래 이미지로 합니다)"),
    "c_rotation": ("turn by up to ±{degrees:g}°", "최대 ±{degrees:g}° 회전"),
    "c_zoom": ("zoom in or out by up to {percent:g}%", "최대 {percent:g}% 확대·축소"),
    "c_shift": ("shift by up to {percent:g}% of the height and width", "높이와 너비의 최대 {percent:g}%만큼 이동"),
    "c_flip": ("mirror left–right at random", "무작위로 좌우 반전"),
    "c_trainer": ("the network behind the augmentation, for training", "학습할 때는 데이터 증강 뒤에 신경망을 둡니다"),
    "c_optimizer": ("the optimizer and learning rate of the run", "실행과 같은 옵티마이저와 학습률"),
    "c_loss": ("labels are class numbers", "레이블이 클래스 번호이므로"),
    "c_early_stopping": ("Early stopping: stop when the validation loss has not improved for PATIENCE epochs,\n"
                         "and go back to the best weights",
                         "조기 종료: 검증 손실이 PATIENCE 에포크 동안 나아지지 않으면 멈추고,\n"
                         "가장 좋았던 가중치로 돌아갑니다"),
    "c_final": ("the last epoch's validation accuracy, as CNN Lab's table shows it",
                "CNN Lab의 표처럼 마지막 에포크의 검증 정확도"),
    "c_plot_file": ("the plot goes next to this script", "그래프는 이 스크립트 옆에 저장합니다"),
    "c_plot_show": ("a window only where there is a screen", "화면이 있을 때만 창을 띄웁니다"),
    # ------------------------------------------------------------------ notebook markdown
    "nb_intro": (
        "# {title}\n\nThis notebook reproduces a CNN Lab run with the Keras 3 API: the same images and "
        "split, the same network, seed and training settings. Run it where CNN Lab is installed "
        "(`pip install -e .` in its folder): cnncore only loads the data, and everything from the "
        "model to `fit` is plain Keras.",
        "# {title}\n\n이 노트북은 CNN Lab의 실행을 Keras 3 API로 재현합니다. 같은 이미지와 같은 분할, "
        "같은 신경망, 같은 시드와 학습 설정을 씁니다. CNN Lab이 설치된 환경(CNN Lab 폴더에서 "
        "`pip install -e .`)에서 실행합니다. cnncore는 데이터만 불러오고, 모델부터 `fit`까지는 모두 "
        "Keras 코드입니다."),
    "nb_title": ("Run {run}: {model} on {dataset}", "실행 {run}: {dataset} 데이터의 {model}"),
    "nb_title_config": ("{model} on {dataset}", "{dataset} 데이터의 {model}"),
    "nb_imports": ("Keras builds and trains the network; matplotlib draws the curves.",
                   "Keras로 신경망을 만들고 학습하며, matplotlib으로 곡선을 그립니다."),
    "nb_settings": ("Every number that shapes the run. The seed fixes the split, the initial weights, "
                    "the shuffling and the augmentation, so the notebook lands where the run did.",
                    "실행을 결정하는 숫자들입니다. 시드가 분할, 초기 가중치, 섞는 순서, 데이터 증강을 "
                    "고정하므로 노트북도 실행과 같은 결과에 닿습니다."),
    "nb_data": ("The images come as an array of shape (N, H, W, C) with values in [0, 1]; the labels "
                "are class numbers. A share of the images is held out for validation: the network "
                "never learns from them, so they show how well it does on images it has not seen.",
                "이미지는 (N, H, W, C) 모양의 배열이며 값은 [0, 1] 사이입니다. 레이블은 클래스 "
                "번호입니다. 일부 이미지는 검증용으로 떼어 둡니다. 신경망은 이 이미지로 학습하지 "
                "않으므로, 처음 보는 이미지에서 얼마나 잘하는지 보여 줍니다."),
    "nb_model_cnn": ("The network as `keras.Sequential`, layer by layer. A convolution slides its "
                     "kernels over the image (stride: how far each step moves; padding: the zeros "
                     "around the edge); batch normalization rescales each map; pooling keeps one value "
                     "per window, so the maps shrink; dropout switches values off at random while "
                     "training. Flatten, then dense layers decide the class.",
                     "신경망을 `keras.Sequential`로 한 층씩 씁니다. 합성곱은 커널을 이미지 위로 "
                     "움직입니다(스트라이드: 한 번에 움직이는 칸 수, 패딩: 가장자리에 두르는 0). "
                     "배치 정규화는 특성 맵의 크기를 맞추고, 풀링은 창마다 값 하나만 남겨 특성 맵을 "
                     "줄입니다. 드롭아웃은 학습하는 동안 값을 무작위로 끕니다. 마지막으로 평탄화한 뒤 "
                     "밀집(Dense) 층이 클래스를 정합니다."),
    "nb_model_dense": ("The network as `keras.Sequential`, layer by layer: the image is flattened into "
                       "one vector and dense layers, each neuron connected to every pixel, decide the "
                       "class. It has no kernels, so it does not know which pixels are neighbours: it "
                       "tends to memorise the training images (overfitting).",
                       "신경망을 `keras.Sequential`로 한 층씩 씁니다. 이미지를 한 줄의 벡터로 펼치고, "
                       "모든 픽셀과 연결된 밀집(Dense) 층이 클래스를 정합니다. 커널이 없어서 어떤 "
                       "픽셀이 이웃인지 모르므로, 학습 이미지를 외우기 쉽습니다(과적합)."),
    "nb_augmentation": ("Data augmentation: random turns, zooms, shifts (and flips) make every epoch's "
                        "images a little different, so the network cannot memorise them. The layers "
                        "work in training only.",
                        "데이터 증강: 무작위 회전, 확대·축소, 이동(과 반전)으로 에포크마다 이미지를 "
                        "조금씩 바꿔 신경망이 외우지 못하게 합니다. 이 층들은 학습할 때만 작동합니다."),
    "nb_training": ("Compile with the run's optimizer and learning rate, then train. Keras prints the "
                    "training and validation accuracy after every epoch.",
                    "실행과 같은 옵티마이저와 학습률로 컴파일한 뒤 학습합니다. Keras가 에포크마다 학습 "
                    "정확도와 검증 정확도를 출력합니다."),
    "nb_early_stopping": (" Early stopping ends training once the validation loss has not improved for "
                          "{patience} epochs, and goes back to the best weights.",
                          " 조기 종료는 검증 손실이 {patience} 에포크 동안 나아지지 않으면 학습을 멈추고 "
                          "가장 좋았던 가중치로 돌아갑니다."),
    "nb_results": ("The final validation accuracy and the number of parameters, then the curves: "
                   "training accuracy far above validation accuracy is overfitting.",
                   "마지막 검증 정확도와 파라미터 수를 출력하고 곡선을 그립니다. 학습 정확도가 검증 "
                   "정확도보다 훨씬 높으면 과적합입니다."),
    # ------------------------------------------------------------------ the story notebook
    "story_title": ("A run and its remedies: {model} on {dataset}", "실행과 그 처방: {dataset} 데이터의 {model}"),
    "story_intro": ("This notebook trains every run of a CNN Lab story one after the other (the run, "
                    "then each remedy, with the same data, split and seed) and draws their curves "
                    "together, so you can see what each change did.",
                    "이 노트북은 CNN Lab 이야기의 실행을 차례로 모두 학습합니다(원래 실행과 각 처방을 "
                    "같은 데이터, 같은 분할, 같은 시드로). 마지막에 곡선을 함께 그려 각 변화가 무엇을 "
                    "했는지 보여 줍니다."),
    "story_run": ("## {number}. {label}", "## {number}. {label}"),
    "story_together": ("## All runs together\n\nValidation accuracy (solid) and training accuracy "
                       "(dashed) of every run: the gap between them is overfitting.",
                       "## 모든 실행을 함께\n\n각 실행의 검증 정확도(실선)와 학습 정확도(점선)입니다. "
                       "둘 사이의 간격이 과적합입니다."),
    "story_original": ("The run: {model}", "원래 실행: {model}"),
    "story_about_original": ("The run the remedies fix, as it was.", "처방을 받기 전의 원래 실행입니다."),
    "story_about_use_cnn": ("The dense network becomes the course's CNN: kernels that look at neighbouring "
                            "pixels together.",
                            "밀집 신경망을 수업의 CNN으로 바꿉니다. 커널이 이웃한 픽셀을 함께 봅니다."),
    "story_about_dropout": ("Dropout after every hidden dense layer ({dense}%) and convolution block ({conv}%) "
                            "that had none.",
                            "드롭아웃이 없던 은닉 밀집(Dense) 층마다 {dense}%, 합성곱 블록마다 {conv}%의 "
                            "드롭아웃을 넣습니다."),
    "story_about_augmentation": ("The course's data augmentation: random turns, zooms and shifts of the "
                                 "training images.",
                                 "수업의 데이터 증강입니다. 학습 이미지를 무작위로 회전, 확대·축소, 이동합니다."),
    "story_about_early_stopping": ("Early stopping: training ends {patience} epochs after the best validation "
                                   "loss and goes back to the best weights.",
                                   "조기 종료: 검증 손실이 가장 좋았던 때부터 {patience} 에포크가 지나면 멈추고 "
                                   "가장 좋았던 가중치로 돌아갑니다."),
    "story_about_more_data": ("More data: twice the images (the whole set where a part was used).",
                              "데이터 늘리기: 이미지를 두 배로 씁니다(일부만 썼다면 전체를 씁니다)."),
    "remedy_use_cnn": ("Use the CNN", "CNN 사용"),
    "remedy_dropout": ("Add dropout", "드롭아웃 추가"),
    "remedy_augmentation": ("Data augmentation", "데이터 증강"),
    "remedy_early_stopping": ("Early stopping", "조기 종료"),
    "remedy_more_data": ("More data", "데이터 늘리기"),
}


def check_language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else a coded ``ValueError``."""
    if lang not in LANGUAGES:
        raise InvalidInput("choice_bad", f"lang must be one of {', '.join(LANGUAGES)}. Received: lang={lang!r}",
                           name="lang", value=shown(lang), options=", ".join(LANGUAGES))
    return lang


def words(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang`` (``"en"`` or ``"ko"``), with ``{name}`` fields filled."""
    text = PROSE[key][LANGUAGES.index(check_language(lang))]
    return text.format(**values) if values else text
