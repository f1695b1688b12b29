"""How one model replica is laid out on its chips, vectorised over systems.

A replica of R chips shards the model as deployments do (SGLang, TensorRT-LLM, vLLM):
- up to one node's tensor-parallel group (8 chips), or for a dense model at any size, every
  weight is split R ways (tensor parallel, experts split with it);
- beyond that an MoE model runs attention data-parallel with expert parallelism (DeepSeek's
  EP144, InferenceX's DEP16/DEP32): the dense part (attention, shared experts, embeddings) is
  split over the fewest chips that keep it within half a chip's weight share, usually one, and
  the routed experts over all R.

Per chip: weights = dense / tp + routed / R; KV = (batch / dp) sequences x its share of each
(heads split up to one per rank, an MLA latent replicated on every rank).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.formulas.quantities import weight_bytes
from core.formulas.workload import ModelProfile

NODE_TENSOR_PARALLEL = 8  # one NVLink/xGMI node: the largest tensor-parallel group engines use
DENSE_SHARE_OF_CHIP = 0.5  # under attention DP, the dense part may take half a chip's weights
REDUNDANT_EXPERT_SHARE = 0.25  # EP groups hold up to 25% redundant experts (EP320 for 256)
MAX_REPLICA_CHIPS = 2**16


@dataclass(frozen=True)
class Layout:
    """One replica's sharding per system (arrays of the systems' length)."""

    chips: np.ndarray  # R
    tensor_parallel: np.ndarray  # chips sharing the dense part
    data_parallel: np.ndarray  # attention groups: R / tensor_parallel
    weight_bytes_per_chip: np.ndarray
    kv_share: np.ndarray  # share of a sequence's KV one chip of its group holds

    @property
    def expert_parallel(self) -> np.ndarray:
        """Whether the replica dispatches tokens to experts across attention groups."""
        return self.data_parallel > 1


def useful_chips(model: ModelProfile) -> float:
    """The most chips one replica can use: expert parallel up to the routed experts plus
    redundancy; for a dense model, tensor parallel up to its query heads (no less than 8)."""
    if model.experts_routed:
        return model.experts_routed * (1 + REDUNDANT_EXPERT_SHARE)
    heads = model.attention_width // 128 if model.attention_width else 0
    return float(max(heads, NODE_TENSOR_PARALLEL))


def tensor_parallel(
    model: ModelProfile,
    chips: np.ndarray,
    chip_hbm: np.ndarray,
    bits_per_param: float,
    weight_fraction: float,
    mode: str = "deployment",
) -> np.ndarray:
    """Chips sharing the dense part in a replica of `chips` chips: `tensor` splits everything
    R ways, `expert` runs attention data-parallel with experts over all R, `deployment` takes
    tensor up to one node and expert beyond it."""
    chips = np.asarray(chips, dtype=np.float64)
    if not model.experts_routed or mode == "tensor":
        return np.maximum(chips, 1.0)
    dense = weight_bytes(model.dense_params, bits_per_param)
    room = np.maximum(chip_hbm * weight_fraction * DENSE_SHARE_OF_CHIP, 1.0)
    needed = 2.0 ** np.ceil(np.log2(np.maximum(dense / room, 1.0)))
    # A dense part that needs half the replica or more is split over all of it.
    needed = np.where(needed * 2 >= chips, chips, needed)
    tp = needed if mode == "expert" else np.where(chips <= NODE_TENSOR_PARALLEL, chips, needed)
    return np.maximum(tp, 1.0)


def shard(
    model: ModelProfile, chips: np.ndarray, tensor_parallel: np.ndarray, bits_per_param: float
) -> Layout:
    """Per-chip weights and KV share of replicas of `chips` chips, `tensor_parallel` of them
    sharing the dense part (arrays of any one shape)."""
    chips = np.asarray(chips, dtype=np.float64)
    tp = np.broadcast_to(tensor_parallel, chips.shape)
    dense = weight_bytes(model.dense_params, bits_per_param)
    routed = weight_bytes(model.routed_params, bits_per_param)
    # Heads split up to one per rank; an MLA latent (kv_heads 0) is replicated on every rank.
    share = np.ceil(model.kv_heads / tp) / model.kv_heads if model.kv_heads else 1.0
    return Layout(
        chips=chips,
        tensor_parallel=tp,
        data_parallel=chips / tp,
        weight_bytes_per_chip=dense / tp + routed / np.maximum(chips, 1.0),
        kv_share=np.broadcast_to(share, chips.shape).astype(np.float64),
    )


def layout(
    model: ModelProfile,
    chips: np.ndarray,
    chip_hbm: np.ndarray,
    bits_per_param: float,
    weight_fraction: float,
    mode: str = "deployment",
) -> Layout:
    """The sharding of a replica of `chips` chips on each system (see `tensor_parallel`)."""
    tp = tensor_parallel(model, chips, chip_hbm, bits_per_param, weight_fraction, mode)
    return shard(model, chips, tp, bits_per_param)


def candidate_chips(packages: np.ndarray) -> np.ndarray:
    """Replica sizes a deployment considers, per system: powers of two and the whole domain.
    Shape [candidates, systems], ascending per system."""
    powers = 2.0 ** np.arange(0, int(np.log2(MAX_REPLICA_CHIPS)) + 1)
    grid = np.concatenate([np.repeat(powers[:, None], len(packages), axis=1), packages[None, :]])
    return np.sort(grid, axis=0)
