"""What the evaluations app tells the apps above it, which it must not import.

``decline_overturned(dossier_id, actor)``: a reconsideration overturned an
announced decline; the awards app grants the award for the dossier's award date.
Sent inside the reconsideration's transaction, so the award and the outcome
are written together or not at all.
"""

from django.dispatch import Signal

decline_overturned = Signal()
