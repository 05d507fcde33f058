// The page's documented input limit: 20 MB (20,000,000 bytes of UTF-8 text, or of a file).
export const LIMIT_BYTES = 20_000_000;
