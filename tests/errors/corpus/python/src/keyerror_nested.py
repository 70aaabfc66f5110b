import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from pkg.service import start  # noqa: E402

start({"name": "api"})
