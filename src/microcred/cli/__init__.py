"""The ``microcred`` command line (one module per sub-command group)."""
