"""Mutual consultations: questions routed to peers, offers, relayed conversations, ratings."""
