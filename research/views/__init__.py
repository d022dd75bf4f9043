"""Research pages, one module per room: planning, studies, surveys, retention, erasure."""
