"""The CME credit ledger: one entry per learner and activity, shared by every feature.

Features register their activity kinds at start-up (``register_activity_kind``); the ledger stores
what the certificate needs at the time of the award, so later renames change nothing issued.
"""
