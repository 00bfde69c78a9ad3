/**
 * The Account Engagement (Pardot) simulator: {@link dev.revsync.simulators.pardot.PardotSimulator},
 * found by tools through {@link dev.revsync.simulators.pardot.PardotSimulatorProvider}.
 */
package dev.revsync.simulators.pardot;
