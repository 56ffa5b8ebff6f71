package io.lookalike.ingest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Settings an operator may change, set so tests can see them work: a tiny upload rate limit, CORS opened for one origin. */
public class OperatorSettingsProfile implements QuarkusTestProfile {
    static final String ALLOWED_ORIGIN = "https://dashboard.example";
    static final int BURST = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
            "lookalike.upload.rate-limit.rate", "1",
            "lookalike.upload.rate-limit.period", "1h",
            "lookalike.upload.rate-limit.burst", String.valueOf(BURST),
            "quarkus.http.cors.enabled", "true",
            "quarkus.http.cors.origins", ALLOWED_ORIGIN);
    }
}
