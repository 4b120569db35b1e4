"""LiveData's rules: plain functions, no Django, no I/O."""
