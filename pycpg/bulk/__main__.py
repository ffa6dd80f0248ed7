"""``python -m pycpg.bulk``: list the bulk actions with their columns (``?``: optional)."""

from __future__ import annotations

from pycpg.bulk import ACTIONS, actions_table

if __name__ == "__main__":
    print(actions_table(ACTIONS))
