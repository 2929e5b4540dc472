"""Email digests: what is due, sent once per user per period at the user's own hour.

- `schedule`: the period arithmetic (which local day is due, and when, in the user's zone);
- `dispatch`: the beat tick: release lost claims, create the due periods' rows, enqueue them;
- `sending`: claim one row, build its email, send it, record the outcome;
- `content`: what a digest says (read straight from the models, a fixed number of queries);
- `links`: the signed links a digest carries (unsubscribe, done, snooze a week);
- `preferences`, `forms`, `views`, `urls`, `tasks`: the user's settings and the thin edges.

docs/digests.md explains the rules and the decisions behind them.
"""
