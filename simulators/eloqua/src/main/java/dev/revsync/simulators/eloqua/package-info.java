/**
 * The Eloqua simulator: {@link dev.revsync.simulators.eloqua.EloquaSimulator} (start one with its
 * builder, or through {@link dev.revsync.simulators.eloqua.EloquaSimulatorProvider}). Everything
 * else is package-private. The wire facts follow {@code protocols/eloqua.md}; settings marked
 * UNCONFIRMED on the builder let a test choose between the readings the notes leave open.
 */
package dev.revsync.simulators.eloqua;
