"""The ordered window every engine uses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nerx.ordered import in_order


@given(items=st.lists(st.integers()), window=st.integers(min_value=1, max_value=8))
def test_results_in_input_order_never_more_than_window_ahead(items: list[int],
                                                             window: int) -> None:
    submitted: list[int] = []
    taken: list[int] = []

    def submit(item: int) -> int:
        submitted.append(item)
        assert len(submitted) - len(taken) <= window
        return item * 2

    def result(handle: int) -> int:
        taken.append(handle)
        return handle + 1

    assert list(in_order(items, submit, result, window)) == [2 * item + 1 for item in items]
    assert submitted == items


def test_a_consumer_that_stops_early_leaves_the_rest_unsubmitted() -> None:
    submitted: list[int] = []
    results = in_order(range(100), lambda item: submitted.append(item) or item,
                       lambda handle: handle, 3)
    assert [next(results), next(results)] == [0, 1]
    assert submitted == [0, 1, 2, 3, 4]
