"""Modelling the consequences of decisions: power indices, vote forecasts (issue #10)."""
