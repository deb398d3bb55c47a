"""``python -m tanhproof`` runs the command line."""

from tanhproof.cli._main import main

raise SystemExit(main())
