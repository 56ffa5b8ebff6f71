package io.lookalike.embed.service;

import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoRejected;
import io.lookalike.contracts.PhotoRejected.Reason;
import io.lookalike.embed.client.PhotoFetcher;
import io.lookalike.embed.pipeline.FacePipeline;
import io.lookalike.embed.pipeline.PipelineResult;
import io.lookalike.embed.pipeline.StageTimings;
import io.lookalike.embed.pipeline.UnreadableImageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One stored photo through the face pipeline: fetch its bytes, find and embed its faces, store them.
 * The outcome is an event to publish — faces embedded, or the photo rejected with a reason — never a crash.
 */
@ApplicationScoped
public class PhotoEmbedding {

    /** What became of a photo; exactly one of the two events is set, or neither when the photo is gone. */
    public record Outcome(FacesEmbedded embedded, PhotoRejected rejected) {
        static final Outcome GONE = new Outcome(null, null);
    }

    private final PhotoFetcher fetcher;
    private final FacePipeline pipeline;
    private final FaceRepository faces;
    private final MeterRegistry metrics;

    public PhotoEmbedding(PhotoFetcher fetcher, FacePipeline pipeline, FaceRepository faces, MeterRegistry metrics) {
        this.fetcher = fetcher;
        this.pipeline = pipeline;
        this.faces = faces;
        this.metrics = metrics;
        // Every reason is exported from the first photo on, at 0 until it happens: dashboards show 0, not "no data".
        for (Reason reason : Reason.values()) {
            rejections(reason);
        }
    }

    public Outcome embed(UUID photoId, String member, String group) {
        List<Long> done = faces.idsOf(photoId, pipeline.modelId());
        if (!done.isEmpty()) { // redelivered: announce again what is stored, compute nothing
            return embedded(photoId, member, group, done);
        }
        Optional<byte[]> bytes = fetcher.fetch(photoId);
        if (bytes.isEmpty()) {
            return Outcome.GONE; // deleted before we got to it
        }
        PipelineResult result;
        try {
            result = pipeline.process(bytes.get());
        } catch (UnreadableImageException e) {
            return rejected(photoId, Reason.UNREADABLE, e.getMessage());
        }
        record(result.timings());
        metrics.summary("lookalike.faces.per.photo").record(result.faces().size());
        if (result.faces().isEmpty()) {
            return rejected(photoId, Reason.NO_FACE, "No face was found in the photo.");
        }
        Timer.Sample store = Timer.start(metrics);
        List<Long> ids = faces.store(photoId, member, group, result);
        store.stop(stageTimer("store"));
        if (ids.isEmpty()) {
            return Outcome.GONE; // erased while the pipeline ran: nothing stored, nothing to announce
        }
        return embedded(photoId, member, group, ids);
    }

    private Outcome embedded(UUID photoId, String member, String group, List<Long> ids) {
        return new Outcome(new FacesEmbedded(FacesEmbedded.SCHEMA_VERSION, photoId, pipeline.modelId(), ids.size(),
            ids, member, group), null);
    }

    private Outcome rejected(UUID photoId, Reason reason, String detail) {
        rejections(reason).increment();
        return new Outcome(null, new PhotoRejected(PhotoRejected.SCHEMA_VERSION, photoId, reason, detail));
    }

    private void record(StageTimings t) {
        stageTimer("decode").record(t.decode(), TimeUnit.NANOSECONDS);
        stageTimer("detect").record(t.detect(), TimeUnit.NANOSECONDS);
        stageTimer("landmarks").record(t.landmarks(), TimeUnit.NANOSECONDS);
        stageTimer("align").record(t.align(), TimeUnit.NANOSECONDS);
        stageTimer("embed").record(t.embed(), TimeUnit.NANOSECONDS);
        stageTimer("quality").record(t.quality(), TimeUnit.NANOSECONDS);
        stageTimer("thumbnail").record(t.thumbnail(), TimeUnit.NANOSECONDS);
    }

    private Counter rejections(Reason reason) {
        return metrics.counter("lookalike.photos.rejected", "reason", reason.name());
    }

    // Buckets from 50 µs (Micrometer's default starts at 1 ms): align, quality and a portrait's store take less.
    private Timer stageTimer(String stage) {
        return Timer.builder("lookalike.embed.stage").tag("stage", stage).publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000)).register(metrics);
    }
}
