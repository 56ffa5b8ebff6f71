package io.lookalike.embed.service;

import io.lookalike.embed.client.IngestClient;
import io.lookalike.embed.client.IngestClient.PhotoSummary;
import io.lookalike.embed.messaging.FaceEvents;
import io.lookalike.embed.pipeline.FacePipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Re-embeds every stored photo with the configured model, keeping labels. Photos that already have faces of
 * this model are skipped, so switching model is: configure it, run this job. One job at a time.
 */
@ApplicationScoped
public class ReembedJob {
    private static final Logger LOG = Logger.getLogger(ReembedJob.class);
    private static final int PAGE = 200;

    public record Progress(String state, String modelId, long total, int done, int embedded, int rejected,
                           int failed, Instant startedAt, Instant finishedAt) {
    }

    private final IngestClient ingest;
    private final PhotoEmbedding embedding;
    private final FaceEvents events;
    private final String modelId;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "reembed"));
    private final AtomicReference<Progress> progress;

    public ReembedJob(@RestClient IngestClient ingest, PhotoEmbedding embedding, FaceEvents events, FacePipeline pipeline) {
        this.ingest = ingest;
        this.embedding = embedding;
        this.events = events;
        this.modelId = pipeline.modelId();
        this.progress = new AtomicReference<>(new Progress("idle", modelId, 0, 0, 0, 0, 0, null, null));
    }

    public Progress progress() {
        return progress.get();
    }

    /** Starts the job unless one runs; returns its progress either way. */
    public synchronized Progress start() {
        if (progress.get().state().equals("running")) {
            return progress.get();
        }
        long total = ingest.list(0, 1).total();
        progress.set(new Progress("running", modelId, total, 0, 0, 0, 0, Instant.now(), null));
        runner.submit(this::run);
        return progress.get();
    }

    private void run() {
        int embedded = 0;
        int rejected = 0;
        int failed = 0;
        int done = 0;
        Progress start = progress.get();
        // Newest first, so photos uploaded during the job shift pages forward: re-reading a page is harmless.
        for (int page = 0; ; page++) {
            var photos = ingest.list(page, PAGE).items();
            if (photos.isEmpty()) {
                break;
            }
            for (PhotoSummary photo : photos) {
                try {
                    PhotoEmbedding.Outcome outcome = embedding.embed(photo.id(), photo.member(), photo.group());
                    events.publish(outcome).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    embedded += outcome.embedded() != null ? 1 : 0;
                    rejected += outcome.rejected() != null ? 1 : 0;
                } catch (Exception e) {
                    failed++;
                    LOG.warnf("Re-embed of photo %s failed: %s", photo.id(), e.getMessage());
                }
                done++;
                progress.set(new Progress("running", modelId, start.total(), done, embedded, rejected, failed,
                    start.startedAt(), null));
            }
        }
        progress.set(new Progress("finished", modelId, start.total(), done, embedded, rejected, failed,
            start.startedAt(), Instant.now()));
        LOG.infof("Re-embed finished: %d photos, %d embedded, %d rejected, %d failed", done, embedded, rejected, failed);
    }
}
