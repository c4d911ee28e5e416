"""The variables of the Kazakhstan model (all monthly, in KZT)."""
