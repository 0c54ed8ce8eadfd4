package io.tributary.core.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

/** A unit of work of the incremental-snapshot source: a snapshot chunk or the change stream. */
public sealed interface CdcSplit extends SourceSplit permits SnapshotSplit, StreamSplit, FinishedReportSplit {}
