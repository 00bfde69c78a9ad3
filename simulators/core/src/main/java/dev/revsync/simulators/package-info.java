/**
 * The framework of revsync's in-process system simulators, usable at run time (the CLI's sandbox)
 * as well as in tests: an HTTP {@link dev.revsync.simulators.SimulatorServer} on 127.0.0.1 with a
 * {@link dev.revsync.simulators.RequestLog} and injectable faults ({@link
 * dev.revsync.simulators.FaultPlan}); generated data that costs no memory until changed ({@link
 * dev.revsync.simulators.RecordStore}, {@link dev.revsync.simulators.ObjectTable}, {@link
 * dev.revsync.simulators.DataGenerator}); a {@link dev.revsync.simulators.SimulatedClock} that
 * turns every wait into an instant clock advance; and {@link
 * dev.revsync.simulators.AbstractSimulator}, which a system's simulator extends. Each system's
 * simulator lives in its own module ({@code revsync-simulator-<system>}, package {@code
 * dev.revsync.simulators.<system>}) and is found through {@link
 * dev.revsync.simulators.SimulatorProvider}; this module knows no system.
 */
package dev.revsync.simulators;
