"""Every formula once: quantities, KV cache, the model profile, access, fit, cost, timeline."""
