"""initbench: how a network's weight initialization changes its training."""

__version__ = "0.1.0"
