"""Builders that turn the register into plain report data; renderers live elsewhere."""
