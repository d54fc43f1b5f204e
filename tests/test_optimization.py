import numpy as np
import pytest

from initbench.training.optimization import GRADIENT_DESCENT, OPTIMIZERS, Optimization
from initbench.training.optimizers import Adam, GradientDescent, Momentum, RMSProp


def test_the_default_is_full_batch_gradient_descent_in_float64():
    assert Optimization() == GRADIENT_DESCENT
    assert (GRADIENT_DESCENT.optimizer, GRADIENT_DESCENT.precision) == ("gd", "float64")
    assert not GRADIENT_DESCENT.mini_batches and GRADIENT_DESCENT.dtype is np.float64
    assert GRADIENT_DESCENT.settings() == {"optimizer": "gd", "precision": "float64"}


def test_each_name_builds_its_optimizer_with_its_own_settings():
    params = [np.zeros((2, 2))]
    built = {name: Optimization(name).optimizer_for(params, 0.1) for name in OPTIMIZERS}
    assert type(built["gd"]) is type(built["sgd"]) is GradientDescent
    assert isinstance(built["momentum"], Momentum) and isinstance(built["adam"], Adam)
    assert isinstance(built["rmsprop"], RMSProp)
    nesterov = Optimization("momentum", momentum=0.5, nesterov=True).optimizer_for(params, 0.1)
    assert (nesterov.momentum, nesterov.nesterov) == (0.5, True)


def test_a_runs_settings_are_those_that_apply_to_its_optimizer():
    assert Optimization("gd", batch_size=8, precision="float32").settings() == {
        "optimizer": "gd",
        "precision": "float32",
    }
    assert Optimization("adam", batch_size=8, order_seed=2).settings() == {
        "optimizer": "adam",
        "batch_size": 8,
        "order_seed": 2,
        "record_every": 1,
        "beta1": 0.9,
        "beta2": 0.999,
        "epsilon": 1e-8,
        "precision": "float64",
    }
    assert set(Optimization("momentum").settings()) >= {"momentum", "nesterov"}
    assert set(Optimization("rmsprop").settings()) >= {"decay", "epsilon"}


def test_only_the_updates_that_combine_gradients_linearly_keep_the_gram_form():
    assert [name for name in OPTIMIZERS if Optimization(name).linear] == ["gd", "sgd", "momentum"]


@pytest.mark.parametrize(
    "settings,message",
    [
        ({"optimizer": "newton"}, "optimizer must be one of gd, sgd, momentum, adam, rmsprop"),
        ({"precision": "float16"}, "precision must be one of float64, float32, not 'float16'"),
        ({"batch_size": 0}, "batch_size must be a whole number ≥ 1, not 0"),
        ({"record_every": 0}, "record_every must be a whole number ≥ 1"),
        ({"order_seed": -1}, "order_seed must be from 0 to 2"),
        ({"momentum": 1.0}, r"momentum must be in \[0, 1\), not 1.0"),
        ({"beta1": -0.1}, r"beta1 must be in \[0, 1\)"),
        ({"beta2": 1.5}, r"beta2 must be in \[0, 1\)"),
        ({"decay": 1}, r"decay must be in \[0, 1\)"),
        ({"epsilon": 0.0}, "epsilon must be above 0, not 0.0"),
    ],
)
def test_a_bad_setting_is_refused_naming_it(settings, message):
    with pytest.raises(ValueError, match=message):
        Optimization(**settings)
