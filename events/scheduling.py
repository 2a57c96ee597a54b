"""The schedule of a matchmaking event as an optimisation problem, free of Django so that it can be tested and
benchmarked on its own.

Given the slots in time order with a capacity each (tables on site; None: no limit, as online), the slots each
participant cannot attend, and the accepted meeting requests with their match scores, place as many meetings as
possible, the better-scored first when not all fit, so that nobody has two meetings at once. Confirmed meetings
keep their slot (the caller leaves `fixed_slot` empty when the organiser asks to re-plan everything).

Why CP-SAT (OR-Tools): placing meetings is an integer program (a matching with time conflicts and per-slot
capacities, NP-hard in general). A greedy pass (best score first, earliest free slot) is quick but leaves meetings
out that a better order would have placed; CP-SAT proves the optimum on event-sized problems in a fraction of a
second and closes on the LP bound for a 3,000-request brokerage day (`benchmark_event_schedule`). The greedy
result seeds CP-SAT as a hint and, after a run stopped by its time limit, places whatever still fits.

Every request left out gets a reason, so the organiser can act on it rather than lose it silently."""
import time
from collections import defaultdict
from dataclasses import dataclass, field

NO_COMMON_SLOT = "no_common_slot"  # the two sides have no slot both can attend
PARTICIPANT_BUSY = "participant_busy"  # every slot both can attend holds another meeting of one of them
NO_TABLE = "no_table"  # the slots both are free in have no table left
REASONS = (NO_COMMON_SLOT, PARTICIPANT_BUSY, NO_TABLE)
SCORE_POINTS = 100  # a score in [0, 1] is worth up to this many points in the objective


@dataclass(frozen=True)
class MeetingRequest:
    id: object
    a: object  # participant ids
    b: object
    score: float = 0.0  # the match score, 0..1
    fixed_slot: object = None  # a confirmed meeting's slot, kept as it is


@dataclass
class Problem:
    slots: list  # slot ids in time order
    capacity: dict  # slot id -> meetings the slot can hold, or None for no limit
    unavailable: dict = field(default_factory=dict)  # participant -> set of slot ids
    requests: list = field(default_factory=list)

    def free_slots(self, participant):
        blocked = self.unavailable.get(participant, ())
        return [slot for slot in self.slots if slot not in blocked]


@dataclass
class Schedule:
    placed: dict  # request id -> slot id (the fixed ones included)
    unplaced: dict  # request id -> reason (one of REASONS)
    status: str  # "optimal", "feasible" (time limit reached), "greedy" (the solver found nothing better)
    seconds: float = 0.0
    solver_bound: float | None = None  # CP-SAT's proven bound on the number of meetings, when it gives one


class _State:
    """Who is busy when and how full each slot is; shared by the greedy pass, the repair and the reasons."""

    def __init__(self, problem):
        self.problem = problem
        self.busy = defaultdict(set)
        self.used = defaultdict(int)

    def place(self, request, slot):
        self.busy[request.a].add(slot)
        self.busy[request.b].add(slot)
        self.used[slot] += 1

    def has_room(self, slot):
        capacity = self.problem.capacity.get(slot)
        return capacity is None or self.used[slot] < capacity

    def common(self, request):
        """Slots both sides can attend (ignoring other meetings)."""
        blocked = self.problem.unavailable
        theirs = blocked.get(request.a, set()) | blocked.get(request.b, set())
        return [slot for slot in self.problem.slots if slot not in theirs]

    def open_slots(self, request):
        both_free = [s for s in self.common(request) if s not in self.busy[request.a] and s not in self.busy[request.b]]
        return [slot for slot in both_free if self.has_room(slot)]

    def reason(self, request):
        common = self.common(request)
        if not common:
            return NO_COMMON_SLOT
        if all(s in self.busy[request.a] or s in self.busy[request.b] for s in common):
            return PARTICIPANT_BUSY
        return NO_TABLE


def _order(requests):
    return sorted(requests, key=lambda r: (-r.score, str(r.id)))


def _fixed_state(problem):
    state = _State(problem)
    for request in problem.requests:
        if request.fixed_slot is not None:
            state.place(request, request.fixed_slot)
    return state


def greedy(problem):
    """Best score first, each into the earliest slot where both sides are free and a table is left."""
    state = _fixed_state(problem)
    placed = {r.id: r.fixed_slot for r in problem.requests if r.fixed_slot is not None}
    for request in _order(r for r in problem.requests if r.fixed_slot is None):
        slots = state.open_slots(request)
        if slots:
            placed[request.id] = slots[0]
            state.place(request, slots[0])
    return placed


def _weights(free):
    # Placing one more meeting always outweighs any gain in scores (lexicographic: count, then score).
    per_meeting = SCORE_POINTS * len(free) + 1
    return {r.id: per_meeting + round(SCORE_POINTS * min(1.0, max(0.0, r.score))) for r in free}, per_meeting


def _candidates(problem, state, free):
    """request id -> slots it may take: both sides can attend, neither has a confirmed meeting, a table left."""
    return {r.id: state.open_slots(r) for r in free}


def solve(problem, *, time_limit=30.0, workers=2, hint=True):
    from ortools.sat.python import cp_model

    started = time.monotonic()
    state = _fixed_state(problem)
    free = [r for r in problem.requests if r.fixed_slot is None]
    candidates = _candidates(problem, state, free)
    weights, per_meeting = _weights(free)

    model = cp_model.CpModel()
    x = {(r.id, s): model.NewBoolVar("") for r in free for s in candidates[r.id]}
    by_participant_slot, by_slot = defaultdict(list), defaultdict(list)
    for r in free:
        chosen = [x[r.id, s] for s in candidates[r.id]]
        if len(chosen) > 1:
            model.AddAtMostOne(chosen)
        for s in candidates[r.id]:
            by_participant_slot[r.a, s].append(x[r.id, s])
            by_participant_slot[r.b, s].append(x[r.id, s])
            by_slot[s].append(x[r.id, s])
    for variables in by_participant_slot.values():
        if len(variables) > 1:
            model.AddAtMostOne(variables)
    for slot, variables in by_slot.items():
        capacity = problem.capacity.get(slot)
        if capacity is not None and len(variables) > capacity - state.used[slot]:
            model.Add(sum(variables) <= capacity - state.used[slot])
    model.Maximize(sum(weights[request_id] * var for (request_id, _), var in x.items()))

    if hint:
        seeded = greedy(problem)
        for (request_id, slot), var in x.items():
            model.AddHint(var, seeded.get(request_id) == slot)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = max(1, workers)
    outcome = solver.Solve(model)

    placed = {r.id: r.fixed_slot for r in problem.requests if r.fixed_slot is not None}
    if outcome in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (request_id, slot), var in x.items():
            if solver.BooleanValue(var):
                placed[request_id] = slot
        status = "optimal" if outcome == cp_model.OPTIMAL else "feasible"
        bound = len(placed) if outcome == cp_model.OPTIMAL else (
            solver.BestObjectiveBound() // per_meeting + len(problem.requests) - len(free))
    else:  # no solution within the limit (only on huge problems with a tiny limit): keep the greedy one
        placed, status, bound = greedy(problem), "greedy", None
    return _finish(problem, placed, status, time.monotonic() - started, bound)


def _finish(problem, placed, status, seconds, bound):
    """Repair (place whatever still fits, best score first) and give every request left out its reason."""
    state = _State(problem)
    by_id = {r.id: r for r in problem.requests}
    for request_id, slot in placed.items():
        state.place(by_id[request_id], slot)
    for request in _order(r for r in problem.requests if r.id not in placed):
        slots = state.open_slots(request)
        if slots:
            placed[request.id] = slots[0]
            state.place(request, slots[0])
    unplaced = {r.id: state.reason(r) for r in problem.requests if r.id not in placed}
    return Schedule(placed=placed, unplaced=unplaced, status=status, seconds=seconds, solver_bound=bound)


def assign_tables(placed, *, kept=None):
    """Table numbers (1, 2, ...) for placed meetings: a meeting keeps its table when it keeps its slot (`kept`:
    request id -> (slot, table)); the others take the lowest free number in their slot."""
    kept = kept or {}
    tables, taken = {}, defaultdict(set)
    for request_id, slot in placed.items():
        previous = kept.get(request_id)
        if previous and previous[0] == slot and previous[1] and previous[1] not in taken[slot]:
            tables[request_id] = previous[1]
            taken[slot].add(previous[1])
    for request_id, slot in sorted(placed.items(), key=lambda item: str(item[0])):
        if request_id not in tables:
            number = 1
            while number in taken[slot]:
                number += 1
            tables[request_id] = number
            taken[slot].add(number)
    return tables


# --- upper bounds, for the benchmark and the organiser's page ---


def capacity_bound(problem):
    """No schedule places more than: the requests; the room of the slots; half the sum over participants of
    min(their requests, the slots they can attend)."""
    degree = defaultdict(int)
    for r in problem.requests:
        degree[r.a] += 1
        degree[r.b] += 1
    per_participant = sum(min(d, len(problem.free_slots(p))) for p, d in degree.items()) // 2
    bounds = [len(problem.requests), per_participant]
    if all(problem.capacity.get(s) is not None for s in problem.slots):
        bounds.append(sum(problem.capacity[s] for s in problem.slots))
    return min(bounds)


def lp_bound(problem):
    """The LP relaxation of the counting problem (GLOP): the most meetings any schedule could place."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    state = _fixed_state(problem)
    free = [r for r in problem.requests if r.fixed_slot is None]
    candidates = _candidates(problem, state, free)
    x = {(r.id, s): solver.NumVar(0.0, 1.0, "") for r in free for s in candidates[r.id]}
    by_request, by_participant_slot, by_slot = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in free:
        for s in candidates[r.id]:
            variable = x[r.id, s]
            by_request[r.id].append(variable)
            by_participant_slot[r.a, s].append(variable)
            by_participant_slot[r.b, s].append(variable)
            by_slot[s].append(variable)
    for group in list(by_request.values()) + list(by_participant_slot.values()):
        if len(group) > 1:
            solver.Add(solver.Sum(group) <= 1)
    for slot, group in by_slot.items():
        capacity = problem.capacity.get(slot)
        if capacity is not None:
            solver.Add(solver.Sum(group) <= capacity - state.used[slot])
    solver.Maximize(solver.Sum(list(x.values())))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return float(capacity_bound(problem))
    return solver.Objective().Value() + (len(problem.requests) - len(free))
