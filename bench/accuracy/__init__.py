"""The probe's accuracy benchmark against the hand-written corpus in tests/corpus/."""
