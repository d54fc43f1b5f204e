import numpy as np
import pytest

from initbench.training.batches import MiniBatches, WholeSet


def test_each_epoch_is_a_fresh_permutation_cut_into_consecutive_batches():
    batches = MiniBatches(10, 4, order_seed=7)
    drawn = [batches.next_batch() for _ in range(6)]
    assert [len(batch) for batch in drawn] == [4, 4, 2] * 2  # the last, smaller batch kept
    random = np.random.RandomState(7)
    for epoch in range(2):
        order = random.permutation(10)
        np.testing.assert_array_equal(np.concatenate(drawn[3 * epoch : 3 * epoch + 3]), order)
    assert not np.array_equal(np.concatenate(drawn[:3]), np.concatenate(drawn[3:]))


def test_the_order_seed_alone_decides_the_order():
    first, again, other = (MiniBatches(30, 8, seed) for seed in (1, 1, 2))
    for _ in range(8):
        batch = first.next_batch()
        np.testing.assert_array_equal(batch, again.next_batch())
    assert not np.array_equal(first.next_batch(), other.next_batch())


def test_epochs_count_the_images_seen():
    batches = MiniBatches(30, 8, order_seed=0)  # batches of 8, 8, 8 and 6 images
    assert [batches.epochs(u) for u in (0, 1, 3, 4, 5, 10)] == [
        0.0,
        8 / 30,
        24 / 30,
        1.0,
        1 + 8 / 30,
        2 + 16 / 30,
    ]
    assert MiniBatches(32, 8, order_seed=0).epochs(6) == 6 * 8 / 32
    assert WholeSet().epochs(6) == 6.0


def test_records_at_the_start_every_so_often_and_at_the_end():
    assert MiniBatches(30, 8, 0).recorded_updates(10, 4) == {0, 4, 8, 10}
    assert WholeSet().recorded_updates(3, 2) == {0, 1, 2, 3}  # every update


@pytest.mark.parametrize("batch_size", [0, 31])
def test_a_batch_size_outside_the_training_images_is_refused(batch_size):
    with pytest.raises(ValueError, match=f"batch_size must be from 1 to the 30 .*{batch_size}"):
        MiniBatches(30, batch_size, 0)
