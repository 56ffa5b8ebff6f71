package io.lookalike.analysis.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Query latency per endpoint: {@code http.server.requests} (tagged with the templated {@code uri}, e.g.
 * {@code /api/members/{name}}) gets histogram buckets, so Grafana computes p50/p99 with {@code histogram_quantile}
 * over any time window and across instances; client-side percentiles could not be aggregated.
 */
@Singleton
public class RequestHistograms {
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerRequestHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals(HTTP_SERVER_REQUESTS)
                    ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                    : config;
            }
        };
    }
}
