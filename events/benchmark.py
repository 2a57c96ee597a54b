"""A synthetic brokerage event for `benchmark_event_schedule`, seeded so that every run schedules the same problem.

Shaped like real ones: a few participants are popular (requests follow a skewed distribution), a quarter of the
participants come on one day only and everyone else misses a random hour or two."""
import random

from .scheduling import MeetingRequest, Problem


def day_slots(*, days, start_minute, end_minute, length, lunch=None):
    """Slot ids (day, minute of the day) of `length` minutes, skipping the lunch break (start, end) in minutes."""
    slots = []
    for day in range(days):
        minute = start_minute
        while minute + length <= end_minute:
            if lunch and minute < lunch[1] and minute + length > lunch[0]:
                minute = lunch[1]
                continue
            slots.append((day, minute))
            minute += length
    return slots


def brokerage_event(*, participants=500, requests=3000, days=2, slot_minutes=20, tables=60, seed=20261125):
    rng = random.Random(seed)
    slots = day_slots(days=days, start_minute=9 * 60, end_minute=18 * 60, length=slot_minutes,
                      lunch=(12 * 60, 13 * 60))
    people = list(range(1, participants + 1))
    unavailable = {}
    for person in people:
        if days > 1 and rng.random() < 0.25:
            away = rng.randrange(days)
            unavailable[person] = {slot for slot in slots if slot[0] == away}
        else:
            start = rng.randrange(len(slots))
            unavailable[person] = set(slots[start:start + rng.randint(3, 6)])
    popularity = [rng.paretovariate(1.6) for _ in people]
    pairs = set()
    while len(pairs) < requests:
        a, b = rng.choices(people, weights=popularity, k=2)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    meeting_requests = [MeetingRequest(id=index, a=a, b=b, score=round(rng.uniform(0.2, 1.0), 3))
                        for index, (a, b) in enumerate(sorted(pairs), start=1)]
    return Problem(slots=slots, capacity={slot: tables for slot in slots}, unavailable=unavailable,
                   requests=meeting_requests)
