import sys

from .run import run

if __name__ == "__main__":
    try:
        run()
    except KeyboardInterrupt as interrupted:
        print(f"[drill] interrupted ({interrupted}); everything it started was stopped", file=sys.stderr)
        sys.exit(130)
