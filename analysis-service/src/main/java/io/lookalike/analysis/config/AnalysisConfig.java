package io.lookalike.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every tunable of the analysis queries, in application.properties under {@code lookalike.analysis}. */
@ConfigMapping(prefix = "lookalike.analysis")
public interface AnalysisConfig {

    /** Only vectors of this embedding model are compared (embed-service's {@code model_id}). */
    String modelId();

    /** Largest k a ranking may ask for. */
    @WithDefault("100")
    int maxK();

    /** Below this many candidate rows a query scans exactly; from here on it uses the HNSW index. */
    @WithDefault("1000")
    int exactScanBelow();

    /** HNSW candidate list size (raised to k when k is larger): 128 keeps recall@10 ≥ 0.95 up to a million faces. */
    @WithDefault("128")
    int efSearch();

    /** How far a filtered (group, label) iterative index scan may go before it gives up. */
    @WithDefault("50000")
    int maxScanTuples();

    /** Most points of an MDS map or a distances.csv matrix (both are n × n). */
    @WithDefault("1000")
    int maxMatrix();

    /** Most faces a per-face pair ranking may cover (one k-NN search per face). */
    @WithDefault("5000")
    int maxPairFaces();

    Members members();

    Pairs pairs();

    People people();

    interface Members {
        /** Member vectors are recomputed at most this often while faces arrive. */
        @WithDefault("1s")
        Duration debounce();

        /** After a relabel or delete, everything is recomputed again this much later (embed-service may lag). */
        @WithDefault("5s")
        Duration settle();

        /** A full reconcile with embed.face this often, whatever the events said. */
        @WithDefault("60s")
        Duration reconcileEvery();
    }

    interface Pairs {
        /**
         * Nearest and farthest members kept per member (NeighbourLists): rankings over everyone with k up to this are
         * a read of those lists; a larger k, a group or per-face pairs search per member instead.
         */
        @WithDefault("20")
        int neighbours();

        /**
         * HNSW candidates per member search in pair rankings (raised to k): the pairs that rank are each member's
         * closest (or farthest), which a short candidate list finds; the search count (one per member) sets the cost.
         */
        @WithDefault("40")
        int efSearch();

        /** The per-member searches run on this many connections at once; 0 = one per CPU. */
        @WithDefault("0")
        int parallelism();

        /**
         * Least-alike pairs scan exactly below this many candidates. The index's nearest neighbours of −v (a point
         * far outside the data) miss many of the farthest pairs (bench: 3 of the top 10 at 10,000 members), and an
         * exact scan of n members is n² distances: 0.28 s at 1,000 members on two cores, growing with n².
         */
        @WithDefault("3000")
        int exactFarthestBelow();
    }

    interface People {
        /** Same person below this Euclidean distance between unit vectors (measured in the embed benchmark). */
        @WithDefault("1.08")
        double threshold();

        /** Nearest unlabelled faces linked per face when grouping. */
        @WithDefault("10")
        int neighbours();

        /** Newest unlabelled faces considered. */
        @WithDefault("5000")
        int maxFaces();
    }
}
