"""Timing protocol shared by the Python peers of bench/matmul.ts and bench/mlp.ts, as matmul-common.mjs has it.

Warm up for `warm` s (at least one call), then time calls for at least `min_s` s and `min_runs` calls; the median
(the upper middle for an even count, as bench/matmul.ts takes it). Also pins and describes the BLAS threads.
"""

import time


def time_it(run, warm=1.0, min_s=1.5, min_runs=3):
    """Returns (median seconds, runs, all times)."""
    w0 = time.perf_counter()
    run()
    while time.perf_counter() - w0 < warm:
        run()
    times = []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < min_s or len(times) < min_runs:
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    s = sorted(times)
    return s[len(s) // 2], len(times), times


_limits = None


def pin_blas_threads(n):
    """Limits BLAS (and OpenMP) pools to `n` threads through threadpoolctl when it is installed
    (Debian: python3-threadpoolctl); without it the caller's OPENBLAS_NUM_THREADS / OMP_NUM_THREADS decide."""
    global _limits
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    _limits = threadpool_limits(limits=n)
    return True


def blas_info():
    """Which BLAS library and kernel run, and with how many threads (threadpoolctl), or why unknown."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not infos:
        return "no BLAS found by threadpoolctl"
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture', '')} kernel, "
        f"{i.get('num_threads')} threads ({i.get('filepath')})"
        for i in infos
    )
