"""Opinion groups (Pol.is method) on synthetic matrices with planted groups."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from kurultai.analytics import opinion


@pytest.mark.parametrize(("groups", "seed"), [(2, 1), (3, 2), (3, 3)])
def test_planted_groups_are_recovered(groups, seed):
    votes, truth = opinion.planted(400, 60, groups, density=0.5, seed=seed)
    result = opinion.compute(votes, seed=seed)
    assert result is not None
    assert result.k == groups
    assert adjusted_rand_score(truth[result.participants], result.labels) >= 0.9


def test_participants_with_fewer_than_seven_votes_are_left_out():
    votes, _truth = opinion.planted(60, 30, 2, density=0.6, seed=4)
    votes[:10, :] = np.nan
    votes[:10, :6] = 1.0  # six votes: not enough
    result = opinion.compute(votes)
    assert result is not None
    assert not set(range(10)) & set(result.participants.tolist())
    assert len(result.projection) == len(result.participants) == len(result.labels)


def test_representative_comments_tell_the_groups_apart():
    rng = np.random.default_rng(0)
    votes = np.full((80, 12), np.nan)
    truth = np.repeat([0, 1], 40)
    for i, g in enumerate(truth):
        for c in range(12):
            if c < 6:  # comments 0-5 divide the groups
                agree_p = 0.9 if (c % 2 == g) else 0.1
            else:  # comments 6-11: everyone agrees
                agree_p = 0.9
            votes[i, c] = 1.0 if rng.random() < agree_p else -1.0
    result = opinion.compute(votes)
    assert result is not None
    assert result.k == 2
    for reps in result.representative:
        assert reps
        assert {r.comment for r in reps} <= set(range(6))
        assert all(r.z > opinion.Z90 and r.z_rest > opinion.Z90 for r in reps)
    assert {c for c, _v in result.consensus} <= set(range(6, 12))


def test_z_tests_follow_polis():
    assert opinion.prop_test(0, 0) == 2 * 1 * (1 / 1 - 0.5)
    assert opinion.prop_test(9, 9) > opinion.Z90
    assert opinion.two_prop_test(9, 10, 1, 10) > opinion.Z90
    assert opinion.two_prop_test(5, 10, 5, 10) == 0
    assert opinion.two_prop_test(0, 0, 0, 0) == 0


def test_too_little_data_gives_no_map():
    assert opinion.compute(np.full((3, 10), 1.0)) is None
    assert opinion.compute(np.full((10, 1), 1.0)) is None


def test_recomputation_is_deterministic():
    votes, _truth = opinion.planted(200, 40, 3, seed=9)
    a, b = opinion.compute(votes), opinion.compute(votes)
    assert a is not None
    assert b is not None
    assert np.array_equal(a.labels, b.labels)
    assert np.allclose(a.projection, b.projection)


def test_groups_are_a_local_optimum_over_the_participants():
    # Finishing on the participants (not whole base clusters): every participant is in the group
    # whose centre is nearest to them, and no group is empty.
    votes, truth = opinion.planted(3000, 120, 4, density=0.15, seed=6)
    result = opinion.compute(votes, seed=1)
    assert result is not None
    assert len(result.group_sizes) == result.k
    assert min(result.group_sizes) > 0
    centres = np.array([result.projection[result.labels == g].mean(0) for g in range(result.k)])
    nearest = ((result.projection[:, None, :] - centres[None]) ** 2).sum(2).argmin(1)
    assert (nearest == result.labels).mean() > 0.99
    assert adjusted_rand_score(truth[result.participants], result.labels) > 0.5
