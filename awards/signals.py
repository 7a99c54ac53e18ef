"""What the awards app tells the apps above it, which it must not import.

``awards_changed(today)``: who holds an award changed (the daily run, an
announcement's chunk, a revocation). The directory connects to it to drop its
cached public pages and count its facets again.
"""

from django.dispatch import Signal

awards_changed = Signal()
