"""Pure numerics on arrays: activations, initializers, the network, its training and diagnostics."""
