"""`python -m kit.worker run --config deploy/nameko.yml <module>:<Class>`: nameko's command line, as
`python -m nameko` is, without the deprecation banner eventlet prints when imported (see kit/__init__)."""

from __future__ import annotations

import sys

from nameko.cli import cli

if __name__ == "__main__":
    sys.exit(cli())
