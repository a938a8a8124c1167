/**
 * The Node.js flags the extension starts the language server with (the tests and benchmarks start it the same way).
 * A young generation of at most 4 MB a semi-space: the server's garbage is small and short-lived (one analysis per
 * edit), and V8's default lets the young generation grow to 32 MB while typing, which shows as resident memory that
 * is never given back. Edit-to-diagnostics times are unchanged (see `npm run bench`).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
