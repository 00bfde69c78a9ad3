package dev.revsync.internal.pipeline;

import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.PipelineListener;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What every connection's run shares within one pipeline.
 *
 * @param store checkpoints, budget counts and the write backlog
 * @param clock the pipeline's clock: days, deadlines, the window
 * @param listener the host's listener, already made safe (it never throws)
 * @param sinks the host's sink factory
 * @param closeGrace how long after the deadline a pull that ignores it is cancelled
 * @param stopping true once the pipeline is closing: running pulls are cancelled
 */
public record RunContext(
    CheckpointStore store,
    Clock clock,
    PipelineListener listener,
    DailyPipeline.SinkFactory sinks,
    Duration closeGrace,
    BooleanSupplier stopping) {}
