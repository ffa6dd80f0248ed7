"""Multi-step workflows built on the services."""
