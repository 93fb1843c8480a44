"""Text of the "Get the code" box (:mod:`dashboard.downloads`): a run's script, notebook,
model and history as downloads, on Experiments, on Train and under a story.

The words inside the exported files are not here: the command line writes the same files,
so they live in :mod:`cnncore.export.prose`.
"""

TEXT = {
    "export_title": ("Get the code", "코드 가져가기"),
    "export_intro": (
        "Take this run home: a Keras script and a Jupyter notebook that reproduce it (the same data, "
        "network, seed and settings), the trained model and the history. The data is loaded with CNN "
        "Lab (`pip install -e .` in its folder); everything else is plain Keras.",
        "이 실행을 가져갈 수 있습니다. 같은 데이터, 같은 신경망, 같은 시드와 설정으로 실행을 재현하는 "
        "Keras 스크립트와 주피터 노트북, 학습된 모델, 학습 기록입니다. 데이터는 CNN Lab으로 "
        "불러오고(CNN Lab 폴더에서 `pip install -e .`), 나머지는 모두 Keras 코드입니다.",
    ),
    "export_script": ("Keras script (`.py`)", "Keras 스크립트 (`.py`)"),
    "export_notebook": ("Notebook (`.ipynb`)", "노트북 (`.ipynb`)"),
    "export_model": ("Trained model (`.keras`)", "학습된 모델 (`.keras`)"),
    "export_history": ("History (`.csv`)", "학습 기록 (`.csv`)"),
    "export_model_later": (
        "The trained model can be downloaded once the run has finished.",
        "학습된 모델은 실행이 끝난 뒤에 내려받을 수 있습니다.",
    ),
    "export_cli": (
        "From a terminal: `python -m cnncore export {run_id} --script --out run.py` (or `--notebook`, "
        "`--history`, `--model model.keras`).",
        "터미널에서: `python -m cnncore export {run_id} --script --out run.py` (또는 `--notebook`, "
        "`--history`, `--model model.keras`).",
    ),
    "export_story": ("The whole story as one notebook (`.ipynb`)", "이야기 전체를 노트북 하나로 (`.ipynb`)"),
    "export_story_help": (
        "A notebook that trains the run and each remedy in turn, then draws them together.",
        "원래 실행과 각 처방을 차례로 학습한 뒤 곡선을 함께 그리는 노트북입니다.",
    ),
    # ------------------------------------------------------------------ errors (cnncore.export)
    "err_model_not_ready": (
        "The run {run_id} has not finished yet: its model is saved when it ends.",
        "실행 {run_id} 학습이 아직 끝나지 않았습니다. 모델은 실행이 끝날 때 저장됩니다.",
    ),
}
