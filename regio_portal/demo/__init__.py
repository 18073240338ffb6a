"""The demo of `make run`, composed at project level: each app seeds its own part
(`<app>/demo.py`), this app only puts them in order. It sits above every app, so it may
name them all; nothing imports it."""
