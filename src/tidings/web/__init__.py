"""The dashboard: static files served by `tidings serve` (static/), and the script that builds its world outline (build_world.py)."""
