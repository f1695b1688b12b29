"""Latency floors of a decode step: what a step costs however few bytes it reads.

Per layer, the platform's measured small-batch figure (kernel launches, synchronisation and the
tensor-parallel all-reduces of one node) from the catalog's [[platform]] rows, or the
`layer_latency_us` override. On top of it:
- tensor parallel beyond one node's 8 chips: two all-reduces per layer whose latency grows by
  ~3 µs per doubling of ranks on a switched domain (tree/NVLS all-reduce: ~16 µs at 8 GPUs,
  ~25 µs at 72 on NVLink) or by the hop latency per extra rank around a torus (Epoch:
  (n - 1) x 1 µs on TPU ICI);
- expert parallel (attention data-parallel beyond 8 chips): a dispatch + combine per MoE
  layer, the platform's in-domain figure (plus the torus diameter, ~1.5 x n^(1/3) hops each
  way) or, across domains, its scale-out figure plus ~72 µs per doubling past 8 ranks (DeepEP:
  191 µs at EP8, 554 µs at EP256 over RDMA).
"""

from __future__ import annotations

import numpy as np

SWITCHED_US_PER_DOUBLING = 3.0
DEEPEP_US_PER_DOUBLING = 72.0
TORUS_DIAMETER_PER_CUBE_ROOT = 1.5
NODE_RANKS = 8


def per_layer_us(
    base_us: np.ndarray,
    tensor_parallel: np.ndarray,
    hop_us: np.ndarray,
) -> np.ndarray:
    """Fixed latency of one layer: the platform figure plus all-reduce growth past 8 ranks."""
    extra_ranks = np.maximum(tensor_parallel - NODE_RANKS, 0.0)
    doublings = np.log2(np.maximum(tensor_parallel / NODE_RANKS, 1.0))
    growth = np.where(hop_us > 0, hop_us * extra_ranks, SWITCHED_US_PER_DOUBLING * doublings)
    return base_us + 2 * growth


def expert_exchange_us(
    chips: np.ndarray,
    in_domain: np.ndarray,
    domain_us: np.ndarray,
    scaleout_us: np.ndarray,
    hop_us: np.ndarray,
) -> np.ndarray:
    """Dispatch + combine latency of one MoE layer for an expert-parallel group of `chips`."""
    torus = 2 * hop_us * TORUS_DIAMETER_PER_CUBE_ROOT * np.cbrt(chips)
    across = scaleout_us + DEEPEP_US_PER_DOUBLING * np.log2(np.maximum(chips / NODE_RANKS, 1.0))
    return np.where(in_domain, domain_us + torus, across)
