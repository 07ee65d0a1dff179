/**
 * Imported first by main.ts, for its side effect: V8 compiles WebAssembly with its baseline
 * compiler (Liftoff) only, never tiering up to the optimising one (TurboFan).
 *
 * The only WebAssembly Herald runs is llhttp, the HTTP parser of undici: the npm package the
 * guarded fetcher uses for feeds and article pages, and Node's own copy, which pg loads at
 * import (its Cloudflare check builds a fetch Response). With V8's default tiering, the first
 * responses parsed made the optimising compiler take about 30 MB for a moment (the parser is
 * one huge function) and keep about 8 MB of optimised code, for a parser that reads a few
 * feeds a minute: baseline code is plenty. V8 settles tiering at the first WebAssembly
 * compile, so the flag must be set before pg or undici is imported; the flag is process-wide
 * and touches nothing but WebAssembly.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
