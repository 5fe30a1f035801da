"""The small infrastructure kit the four services share.

Event-store settings, the outbox relay, the idempotent consumer, read-model
projections, the working-day calendar and identifier validation. A library,
not a service: it holds no rule of the domain.
"""
