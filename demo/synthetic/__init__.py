"""Synthetic data at a given scale, for benchmarks, load tests and query-count tests.

Every table is filled with INSERT … SELECT over generate_series: no per-row saves, no rows
built in Python. Pseudo-random choices come from hashint8extended(x, seed), so the same seed
and the same reference day give the same rows. Models that are not on this branch (yet) are
skipped: each step names the model it needs.

Sign-in for the generated people (password SYNTHETIC_PASSWORD):
  leder1@synthetic.alisvest.no        project leader of the synthetic programme
  styring1@synthetic.alisvest.no      steering group
  forsker1@synthetic.alisvest.no      researcher
  helseleder<N>@synthetic.alisvest.no manager of the N-th municipality (by number)
  veileder<N>@synthetic.alisvest.no   supervisor N
  alis<N>@synthetic.alisvest.no       the doctor of placement N (1..active are active now)
"""

from .base import DOMAIN, PROGRAMME_SLUG, SCALES, SYNTHETIC_PASSWORD, Scale
from .generator import Generator, generate

__all__ = [
    "DOMAIN",
    "PROGRAMME_SLUG",
    "SCALES",
    "SYNTHETIC_PASSWORD",
    "Generator",
    "Scale",
    "generate",
]
