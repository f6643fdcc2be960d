"""Live state: what each environment's database, metrics server and cluster say right now,
read once, read-only, with timeouts. Answers the questionnaire items configuration cannot
(traffic and data size ratios, migration state, the alert rules actually loaded) and reports
live differences as findings beside the files' (merge.apply_live)."""
