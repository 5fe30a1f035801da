"""The small infrastructure kit the four services share.

Event-store settings, the outbox relay, the idempotent consumer, read-model
projections, the working-day calendar and identifier validation. A library,
not a service: it holds no rule of the domain.
"""

import warnings

# eventlet prints a deprecation banner of some thirty lines when imported (nameko runs on it); every
# process imports kit first, so none prints it.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
