package io.lookalike.analysis.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Change notices for browsers (server-sent events): a dashboard listens and re-fetches what it shows, instead of
 * reloading on a timer. Notices say what changed, not the new numbers: every answer stays one REST query.
 */
@ApplicationScoped
public class ChangeNotices {
    /** Idle connections get a ping this often, so proxies do not close them. */
    static final Duration PING = Duration.ofSeconds(20);

    /**
     * @param type           "connected" (first event of a stream), "members" (member vectors changed; pair and
     *                       map answers with them), "faces" (new faces only, e.g. unlabelled) or "ping"
     * @param changedMembers members whose vector, group or counts changed
     * @param removedMembers members that lost their last labelled face
     * @param newPhotos      photos whose faces arrived since the last notice
     */
    public record Notice(String type, List<String> changedMembers, List<String> removedMembers, int newPhotos,
                         Instant at) {
        static Notice of(String type) {
            return new Notice(type, List.of(), List.of(), 0, Instant.now());
        }
    }

    private final BroadcastProcessor<Notice> processor = BroadcastProcessor.create();

    public void publish(MemberVectors.Change change, int newPhotos) {
        String type = change.isEmpty() ? "faces" : "members";
        processor.onNext(new Notice(type, change.changed(), change.removed(), newPhotos, Instant.now()));
    }

    /** A subscriber's stream: "connected" at once, then every notice, and pings while idle. */
    public Multi<Notice> stream() {
        // the processor is subscribed first, so nothing published after "connected" is missed; a slow browser gets
        // a buffer, and past it a failed stream, which EventSource reconnects
        return Multi.createBy().merging().streams(
            processor.onOverflow().buffer(1000),
            Multi.createFrom().item(() -> Notice.of("connected")),
            Multi.createFrom().ticks().every(PING).map(t -> Notice.of("ping")));
    }
}
