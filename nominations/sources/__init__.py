"""Sources: places where a nominee's work is already written down, connected
once and kept in sync; what they find becomes suggestions, never activities
until the nominee accepts one.

- ``fetch``: safe fetching (public addresses only, redirects re-checked, size and time caps)
- ``connectors``: one reader per kind of source (feed, YouTube, GitHub, Sessionize)
- ``services``: connect, sync (with conditional requests and backoff), accept, dismiss
- ``selectors``: what the nominee and the reviewers see
- ``tasks``: the Celery tasks (thin) and the beat task for due connections
"""
