package io.lookalike.bench;

import io.lookalike.analysis.config.AnalysisConfig;
import java.time.Duration;

/** analysis-service's settings with their shipped defaults (application.properties), for the bench's own model id. */
record BenchConfig(String modelId, int efSearch, int pairsEfSearch, int pairsParallelism) implements AnalysisConfig {

    @Override
    public int maxK() {
        return 100;
    }

    @Override
    public int exactScanBelow() {
        return 1000;
    }

    @Override
    public int maxScanTuples() {
        return 50_000;
    }

    @Override
    public int maxMatrix() {
        return 1000;
    }

    @Override
    public int maxPairFaces() {
        return 5000;
    }

    @Override
    public Members members() {
        return new Members() {
            @Override
            public Duration debounce() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration settle() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration reconcileEvery() {
                return Duration.ofSeconds(60);
            }
        };
    }

    @Override
    public Pairs pairs() {
        return new Pairs() {
            @Override
            public int neighbours() {
                return 20;
            }

            @Override
            public int efSearch() {
                return pairsEfSearch;
            }

            @Override
            public int parallelism() {
                return pairsParallelism;
            }

            @Override
            public int exactFarthestBelow() {
                return 3000; // the service's default; the bench asks for index or exact explicitly anyway
            }
        };
    }

    @Override
    public People people() {
        return new People() {
            @Override
            public double threshold() {
                return 1.08;
            }

            @Override
            public int neighbours() {
                return 10;
            }

            @Override
            public int maxFaces() {
                return 5000;
            }
        };
    }
}
