"""The scheduler on its own (events.scheduling, no Django): nobody twice at once, availability and tables
respected, confirmed meetings kept, every request left out reported with its reason."""
from collections import Counter

from events import scheduling
from events.benchmark import brokerage_event
from events.scheduling import MeetingRequest, Problem


def check_valid(problem, schedule):
    """The invariants every schedule must keep, whatever the solver did."""
    by_id = {r.id: r for r in problem.requests}
    seen = set()
    for request_id, slot in schedule.placed.items():
        request = by_id[request_id]
        for person in (request.a, request.b):
            assert (person, slot) not in seen, f"participant {person} has two meetings in slot {slot}"
            seen.add((person, slot))
            if request.fixed_slot is None:
                assert slot not in problem.unavailable.get(person, set()), f"{person} cannot attend slot {slot}"
    used = Counter(schedule.placed.values())
    for slot, count in used.items():
        capacity = problem.capacity[slot]
        assert capacity is None or count <= capacity, f"slot {slot} holds {count} meetings for {capacity} tables"
    assert set(schedule.placed) | set(schedule.unplaced) == set(by_id)
    assert not set(schedule.placed) & set(schedule.unplaced)


def test_a_busy_participant_meets_everyone_at_different_times():
    problem = Problem(slots=[1, 2, 3], capacity={1: 5, 2: 5, 3: 5},
                      requests=[MeetingRequest(id=n, a="hub", b=f"guest{n}", score=0.5) for n in range(3)])
    schedule = scheduling.solve(problem, time_limit=5)
    check_valid(problem, schedule)
    assert sorted(schedule.placed.values()) == [1, 2, 3]
    assert schedule.status == "optimal"


def test_slots_a_participant_cannot_attend_stay_free():
    problem = Problem(slots=[1, 2, 3], capacity={1: 5, 2: 5, 3: 5}, unavailable={"lab": {1, 2}},
                      requests=[MeetingRequest(id="m", a="lab", b="firm")])
    schedule = scheduling.solve(problem, time_limit=5)
    assert schedule.placed == {"m": 3}


def test_a_slot_never_holds_more_meetings_than_tables():
    requests = [MeetingRequest(id=n, a=f"a{n}", b=f"b{n}", score=n / 10) for n in range(5)]
    problem = Problem(slots=["9:00"], capacity={"9:00": 2}, requests=requests)
    schedule = scheduling.solve(problem, time_limit=5)
    check_valid(problem, schedule)
    # Two tables: the two best-scored meetings get them, the others are told why they were left out.
    assert set(schedule.placed) == {4, 3}
    assert schedule.unplaced == {0: scheduling.NO_TABLE, 1: scheduling.NO_TABLE, 2: scheduling.NO_TABLE}


def test_online_slots_without_a_cap_take_every_meeting():
    requests = [MeetingRequest(id=n, a=f"a{n}", b=f"b{n}") for n in range(30)]
    problem = Problem(slots=[1], capacity={1: None}, requests=requests)
    schedule = scheduling.solve(problem, time_limit=5)
    assert len(schedule.placed) == 30 and not schedule.unplaced


def test_more_meetings_win_over_better_scores():
    # "hub" can meet twice; giving slot 1 to the best-scored pair would leave one of the two others out.
    problem = Problem(slots=[1, 2], capacity={1: 9, 2: 9}, unavailable={"x": {2}, "y": {2}},
                      requests=[MeetingRequest(id="best", a="hub", b="z", score=1.0),
                                MeetingRequest(id="x", a="hub", b="x", score=0.1),
                                MeetingRequest(id="y", a="z", b="y", score=0.1)])
    schedule = scheduling.solve(problem, time_limit=5)
    check_valid(problem, schedule)
    assert len(schedule.placed) == 3  # best in slot 2, x and y in slot 1
    assert schedule.placed["best"] == 2


def test_confirmed_meetings_keep_their_slot_when_others_are_added():
    first = scheduling.solve(Problem(slots=[1, 2, 3], capacity={1: 1, 2: 1, 3: 1},
                                     requests=[MeetingRequest(id="old", a="a", b="b", score=0.2)]), time_limit=5)
    kept = first.placed["old"]
    # New requests that would all prefer the old meeting's slot: it stays, the newcomers go around it.
    requests = [MeetingRequest(id="old", a="a", b="b", score=0.2, fixed_slot=kept),
                MeetingRequest(id="new1", a="a", b="c", score=0.9),
                MeetingRequest(id="new2", a="b", b="d", score=0.9)]
    problem = Problem(slots=[1, 2, 3], capacity={1: 1, 2: 1, 3: 1}, requests=requests)
    second = scheduling.solve(problem, time_limit=5)
    check_valid(problem, second)
    assert second.placed["old"] == kept
    assert len(second.placed) == 3

    replanned = scheduling.solve(Problem(slots=[1, 2, 3], capacity={1: 1, 2: 1, 3: 1},
                                         requests=[MeetingRequest(r.id, r.a, r.b, r.score) for r in requests]),
                                 time_limit=5)
    assert len(replanned.placed) == 3  # re-planning may move it: still all placed


def test_requests_that_cannot_be_placed_are_reported_with_a_reason():
    problem = Problem(
        slots=[1, 2], capacity={1: 1, 2: 1},
        unavailable={"morning": {2}, "afternoon": {1}, "p": {2}, "q": {2}},
        requests=[
            MeetingRequest(id="apart", a="morning", b="afternoon"),  # no slot in common
            MeetingRequest(id="pq", a="p", b="q", score=0.9),  # takes the only table of slot 1
            MeetingRequest(id="p-again", a="p", b="r", score=0.1),  # p is busy in its only slot
            MeetingRequest(id="rs", a="r", b="s", score=0.8),  # takes slot 2's only table
            MeetingRequest(id="tu", a="t", b="u", score=0.1),  # free in both slots, no table left
        ])
    schedule = scheduling.solve(problem, time_limit=5)
    check_valid(problem, schedule)
    assert schedule.unplaced == {"apart": scheduling.NO_COMMON_SLOT, "p-again": scheduling.PARTICIPANT_BUSY,
                                 "tu": scheduling.NO_TABLE}


def test_tables_stay_with_meetings_that_keep_their_slot():
    tables = scheduling.assign_tables({"a": 1, "b": 1, "c": 2}, kept={"b": (1, 1), "c": (1, 2)})
    assert tables["b"] == 1  # kept its slot and table
    assert tables["a"] == 2  # the lowest free table in slot 1
    assert tables["c"] == 1  # moved: a table of its new slot


def test_the_solver_places_at_least_the_greedy_count_and_at_most_the_bounds():
    problem = brokerage_event(participants=60, requests=240, days=1, tables=6)
    schedule = scheduling.solve(problem, time_limit=10)
    check_valid(problem, schedule)
    greedy = scheduling.greedy(problem)
    lp = scheduling.lp_bound(problem)
    assert len(greedy) <= len(schedule.placed) <= lp + 1e-6 <= scheduling.capacity_bound(problem) + 1e-6
