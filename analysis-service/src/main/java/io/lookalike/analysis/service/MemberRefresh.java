package io.lookalike.analysis.service;

import io.lookalike.analysis.config.AnalysisConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps member vectors in step with embed.face, debounced: events only mark what is stale, and at most once per
 * {@code members.debounce} one recompute catches up with all of them (a burst of 500 photos is a few recomputes,
 * not 500).
 *
 * <ul>
 *   <li>faces.embedded names the photo's member, and embed-service stored the rows before publishing it, so that
 *       member alone is recomputed.</li>
 *   <li>photos.relabelled and photos.deleted do not say which member a photo had, and embed-service changes its
 *       rows on the same events, maybe after us; so everything is recomputed now and once more
 *       {@code members.settle} later.</li>
 *   <li>A full reconcile runs at start-up (events missed while down) and every {@code members.reconcile-every}.</li>
 * </ul>
 * The recompute is idempotent (see {@link MemberVectors}), so repeats and races cost time, never correctness.
 */
@ApplicationScoped
public class MemberRefresh {
    private static final Logger LOG = Logger.getLogger(MemberRefresh.class);

    private final MemberVectors vectors;
    private final ChangeNotices notices;
    private final long settleNanos;
    private final Set<String> staleMembers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean staleAll = new AtomicBoolean(true); // the first run reconciles everything
    private final AtomicLong settleAt = new AtomicLong(0);
    private final AtomicInteger newPhotos = new AtomicInteger();

    public MemberRefresh(MemberVectors vectors, ChangeNotices notices, AnalysisConfig config) {
        this.vectors = vectors;
        this.notices = notices;
        this.settleNanos = config.members().settle().toNanos();
    }

    public void facesEmbedded(String member) {
        if (member != null) {
            staleMembers.add(member);
        }
        newPhotos.incrementAndGet();
    }

    public void photoChanged() {
        staleAll.set(true);
        settleAt.set(System.nanoTime() + settleNanos);
    }

    /**
     * Faces were named NAME one by one (PeopleAssignment): that member now, so the caller's next read sees it; the
     * faces may have carried another name before, so everything once more at the next run.
     */
    public void labelled(String member) throws java.sql.SQLException {
        MemberVectors.Change change = vectors.recompute(List.of(member));
        notices.publish(change, 0);
        staleAll.set(true);
    }

    @Scheduled(every = "${lookalike.analysis.members.reconcile-every}", delayed = "${lookalike.analysis.members.reconcile-every}")
    void reconcile() {
        staleAll.set(true);
    }

    @Scheduled(every = "${lookalike.analysis.members.debounce}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void catchUp() {
        long settle = settleAt.get();
        if (settle != 0 && System.nanoTime() - settle >= 0 && settleAt.compareAndSet(settle, 0)) {
            staleAll.set(true);
        }
        boolean all = staleAll.getAndSet(false);
        List<String> members = new ArrayList<>();
        for (String m : staleMembers) {
            staleMembers.remove(m);
            members.add(m);
        }
        int photos = newPhotos.getAndSet(0);
        if (!all && members.isEmpty() && photos == 0) {
            return;
        }
        try {
            MemberVectors.Change change = all ? vectors.recomputeAll()
                : members.isEmpty() ? new MemberVectors.Change(List.of(), List.of()) : vectors.recompute(members);
            if (!change.isEmpty() || photos > 0) {
                notices.publish(change, photos);
            }
            if (all && !change.isEmpty()) {
                LOG.infof("Member vectors reconciled: %d changed, %d removed", change.changed().size(), change.removed().size());
            }
        } catch (Exception e) {
            // the database may be away for a moment: keep what is stale for the next run
            LOG.warnf("Recomputing member vectors failed, will retry: %s", e.getMessage());
            if (all) {
                staleAll.set(true);
            }
            staleMembers.addAll(members);
            newPhotos.addAndGet(photos);
        }
    }

    /** Recomputes everything now (admin endpoint, tests): the result the next notice would carry. */
    public MemberVectors.Change recomputeNow() throws java.sql.SQLException {
        MemberVectors.Change change = vectors.recomputeAll();
        if (!change.isEmpty()) {
            notices.publish(change, 0);
        }
        return change;
    }
}
