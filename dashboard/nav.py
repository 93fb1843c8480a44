"""The page registry: every page of CNN Lab, its section, title and URL.

``dashboard/app.py`` builds ``st.navigation`` from :data:`PAGES`, and the smoke tests
are parametrized over it, so a page added here is tested automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageSpec:
    path: str        # relative to the repository root
    title_key: str   # catalogue key of the title shown in the sidebar
    icon: str
    url_path: str
    section: str | None = None   # catalogue key of the sidebar section; None: top of the list

    @property
    def file(self) -> Path:
        return ROOT / self.path


PAGES: list[PageSpec] = [
    PageSpec("pages/home.py", "nav_home", ":material/home:", "home"),
    PageSpec("pages/convolution.py", "nav_convolution", ":material/blur_on:", "convolution", section="section_learn"),
    PageSpec("pages/pooling.py", "nav_pooling", ":material/filter_center_focus:", "pooling", section="section_learn"),
    PageSpec("pages/architecture.py", "nav_architecture", ":material/account_tree:", "architecture", section="section_learn"),
    PageSpec("pages/train.py", "nav_train", ":material/model_training:", "train", section="section_experiment"),
    PageSpec("pages/experiments.py", "nav_experiments", ":material/science:", "experiments", section="section_experiment"),
    PageSpec("pages/inside.py", "nav_inside", ":material/visibility:", "inside", section="section_experiment"),
    PageSpec("pages/sweeps.py", "nav_sweeps", ":material/tune:", "sweeps", section="section_experiment"),
    PageSpec("pages/classroom.py", "nav_class", ":material/school:", "class", section="section_experiment"),
]
