package io.lookalike.ingest.domain;

/** Where a photo stands in the pipeline; embed-service's events move it on. */
public enum PhotoStatus { QUEUED, EMBEDDED, REJECTED }
