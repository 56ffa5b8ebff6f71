package io.lookalike.ingest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With quarkus.http.cors.enabled and an origin list (as README's Configuration says), those origins only are allowed. */
@QuarkusTest
@TestProfile(OperatorSettingsProfile.class)
class CorsOpenedTest {

    @Test
    void theConfiguredOriginIsAllowedAndNoOther() {
        for (String[] write : CorsTest.WRITES) {
            CorsTest.preflight(OperatorSettingsProfile.ALLOWED_ORIGIN, write[0]).options(write[1]).then()
                .header("Access-Control-Allow-Origin", equalTo(OperatorSettingsProfile.ALLOWED_ORIGIN));
            CorsTest.preflight(CorsTest.OTHER_ORIGIN, write[0]).options(write[1]).then()
                .header("Access-Control-Allow-Origin", nullValue());
        }
    }
}
