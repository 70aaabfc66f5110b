"""An ImportError for a name the module does not have."""
import sys

print("starting", file=sys.stderr)
from json import loadz  # noqa: E402

print(loadz("{}"))
