//! Stage 1: normalization.
