"""Schedule a synthetic brokerage event and print one JSON line: seconds, meetings placed / requested, next to
upper bounds computed in the same run (the LP relaxation, the per-participant capacity bound) and to the greedy
pass alone (the baseline). Needs no database: the scheduler is a pure module.

    python manage.py benchmark_event_schedule   # 500 participants, 3,000 accepted requests, 2 days, 60 tables

Targets: under 60 s, at least 95 % of the LP bound. The machine's load is printed beside the figures: they are
wall-clock seconds on a shared machine."""
import json
import os
import time

from django.core.management.base import BaseCommand

from events import scheduling
from events.app_settings import app_settings
from events.benchmark import brokerage_event


class Command(BaseCommand):
    help = "Benchmark the meeting scheduler on a synthetic brokerage event (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=500)
        parser.add_argument("--requests", type=int, default=3000)
        parser.add_argument("--days", type=int, default=2)
        parser.add_argument("--slot-minutes", type=int, default=20)
        parser.add_argument("--tables", type=int, default=60)
        parser.add_argument("--time-limit", type=float, default=app_settings.SCHEDULE_TIME_LIMIT)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=20261125)

    def handle(self, *args, participants, requests, days, slot_minutes, tables, time_limit, workers, seed,
               **options):
        problem = brokerage_event(participants=participants, requests=requests, days=days,
                                  slot_minutes=slot_minutes, tables=tables, seed=seed)
        started = time.monotonic()
        greedy = scheduling.greedy(problem)
        greedy_seconds = time.monotonic() - started
        started = time.monotonic()
        lp = scheduling.lp_bound(problem)
        lp_seconds = time.monotonic() - started
        capacity = scheduling.capacity_bound(problem)
        started = time.monotonic()
        schedule = scheduling.solve(problem, time_limit=time_limit, workers=workers)
        seconds = time.monotonic() - started
        placed = len(schedule.placed)
        reasons = {}
        for reason in schedule.unplaced.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        self.stdout.write(json.dumps({
            "participants": participants, "requested": len(problem.requests), "slots": len(problem.slots),
            "tables": tables, "seconds": round(seconds, 2), "placed": placed,
            "placed_share_of_requested": round(placed / len(problem.requests), 4),
            "lp_bound": round(lp, 1), "lp_seconds": round(lp_seconds, 2), "capacity_bound": capacity,
            "placed_share_of_lp_bound": round(placed / lp, 4) if lp else None,
            "greedy_placed": len(greedy), "greedy_seconds": round(greedy_seconds, 3),
            "greedy_share_of_lp_bound": round(len(greedy) / lp, 4) if lp else None,
            "solver_status": schedule.status, "time_limit": time_limit, "workers": workers,
            "unplaced_by_reason": reasons,
            "targets": {"under_60_s": seconds < 60, "at_least_95_percent_of_bound": bool(lp) and placed >= 0.95 * lp},
            "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
        }))
