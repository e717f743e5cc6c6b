"""Read files from templates/ and data/.

They sit at the repository's top so they are easy to find and edit; an installed boligreg
carries them as the packages boligreg.templates and boligreg.data (see pyproject.toml).
"""

from importlib.resources import files
from pathlib import Path


def read_resource(folder: str, name: str) -> str:
    try:
        return files(f"boligreg.{folder}").joinpath(name).read_text("utf-8")
    except ModuleNotFoundError:  # running from a source checkout
        return (Path(__file__).resolve().parent.parent / folder / name).read_text("utf-8")
