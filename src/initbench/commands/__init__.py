"""The commands of ``python -m initbench``, one module each."""
