"""The post's own training loop, as it wrote it, for the benchmark's side-by-side timing.

Dictionaries of parameters, caches per layer, the cost from probabilities and the gradient
through ``dA``: "Coding Neural Network – Parameters' Initialization" (2018), rewritten only
as far as it takes to run here. Not used by the workflow.
"""

import numpy as np


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def tanh(Z):
    return np.tanh(Z), Z


def initialize_parameters_he(layers_dims, seed):
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layers_dims)):  # noqa: E741 (the post's names)
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    return Z, (A_prev, W, b)


def linear_activation_forward(A_prev, W, b, activation_fn):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation_fn == "sigmoid" else tanh(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters, hidden_layers_activation_fn="tanh"):
    A = X
    caches = []
    L = len(parameters) // 2
    for l in range(1, L):  # noqa: E741
        A_prev = A
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], hidden_layers_activation_fn
        )
        caches.append(cache)
    AL, cache = linear_activation_forward(
        A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid"
    )
    caches.append(cache)
    return AL, caches


def compute_cost(AL, y):
    m = y.shape[1]
    return -(1 / m) * np.sum(np.multiply(y, np.log(AL)) + np.multiply(1 - y, np.log(1 - AL)))


def sigmoid_gradient(dA, Z):
    A, Z = sigmoid(Z)
    return dA * A * (1 - A)


def tanh_gradient(dA, Z):
    A, Z = tanh(Z)
    return dA * (1 - np.square(A))


def linear_backward(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation_fn):
    linear_cache, activation_cache = cache
    if activation_fn == "sigmoid":
        dZ = sigmoid_gradient(dA, activation_cache)
    else:
        dZ = tanh_gradient(dA, activation_cache)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, y, caches, hidden_layers_activation_fn="tanh"):
    y = y.reshape(AL.shape)
    L = len(caches)
    grads = {}
    dAL = np.divide(AL - y, np.multiply(AL, 1 - AL))
    (
        grads["dA" + str(L - 1)],
        grads["dW" + str(L)],
        grads["db" + str(L)],
    ) = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    for l in range(L - 1, 0, -1):  # noqa: E741
        current_cache = caches[l - 1]
        (
            grads["dA" + str(l - 1)],
            grads["dW" + str(l)],
            grads["db" + str(l)],
        ) = linear_activation_backward(
            grads["dA" + str(l)], current_cache, hidden_layers_activation_fn
        )
    return grads


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):  # noqa: E741
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def model(X, y, layers_dims, learning_rate=0.01, num_iterations=1000, seed=1):
    parameters = initialize_parameters_he(layers_dims, seed)
    cost_list = []
    for _ in range(num_iterations):
        AL, caches = L_model_forward(X, parameters, "tanh")
        cost_list.append(compute_cost(AL, y))
        grads = L_model_backward(AL, y, caches, "tanh")
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, cost_list
