"""Quiz questions ("Q<chapter>.<n>"): the kinds that check answers (:mod:`.kinds`),
answers computed from the data (:mod:`.answers`), the widgets (:mod:`.widgets`), the
kernel-free page holders (:mod:`.static`) and the in-page checker (``assets/``)."""

from .kinds import KINDS, Exercise, Feedback, ItemFeedback, Option

__all__ = ["KINDS", "Exercise", "Feedback", "ItemFeedback", "Option"]
