"""Signals the course engine sends, so later capabilities can attach to its events without the
engine knowing them (the checklists record the transition checklist with each transition)."""

from django.dispatch import Signal

# Sent inside the transaction that registers a transition: course, to ("phase_1", "phase_2",
# "phase_3" or "ended"), on (the date), actor.
course_transitioned = Signal()
