"""Admin wiring only: menus, snippet viewsets, panels. Nothing imports this module."""
