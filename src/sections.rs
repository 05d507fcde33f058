//! Stage 2: sections.
