//! Rules that are data: headings, labels, wordings.
