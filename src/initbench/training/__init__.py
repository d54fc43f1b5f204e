"""Pure numerics on arrays: initializers, the network, its training and diagnostics."""
