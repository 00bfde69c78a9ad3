/**
 * The daily runtime, built on the contract in {@link dev.revsync}: a {@link
 * dev.revsync.pipeline.DailyPipeline} runs many connections' pulls once a day inside the {@link
 * dev.revsync.pipeline.PullWindow}, keeps checkpoints, the day's budget counts and the write
 * backlog in a {@link dev.revsync.pipeline.CheckpointStore}, sends the writes hosts submit ({@link
 * dev.revsync.pipeline.SubmittedWrite}) after the pulls, and reports each day in a {@link
 * dev.revsync.pipeline.DailyReport}.
 *
 * <p>A host that opens one connection at a time needs only {@link dev.revsync}; this package is for
 * the nightly job. Neither package asks a host to import {@code dev.revsync.spi}.
 */
package dev.revsync.pipeline;
