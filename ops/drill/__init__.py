"""The failure drill (`make drill`): see scenario.py."""
