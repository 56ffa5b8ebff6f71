package io.lookalike.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Browsers on other origins get no Access-Control-Allow-Origin from the write endpoints (the CORS filter is off),
 * neither on a preflight nor on the request itself ({@link CorsOpenedTest}: an operator's origin list opens it).
 */
@QuarkusTest
class CorsTest {
    static final String OTHER_ORIGIN = "https://elsewhere.example";
    static final String ID = UUID.randomUUID().toString();
    static final List<String[]> WRITES = List.of(new String[] {"POST", "/api/photos"}, new String[] {"POST", "/api/photos/batch"},
        new String[] {"PATCH", "/api/photos/" + ID}, new String[] {"DELETE", "/api/photos/" + ID});

    static RequestSpecification preflight(String origin, String method) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "x-api-key,content-type");
    }

    @Test
    void writeEndpointsAllowNoOtherOriginByDefault() {
        for (String[] write : WRITES) {
            preflight(OTHER_ORIGIN, write[0]).options(write[1]).then()
                .header("Access-Control-Allow-Origin", nullValue()).header("Access-Control-Allow-Methods", nullValue());
            given().header("Origin", OTHER_ORIGIN).header("X-API-Key", PhotoResourceTest.KEY)
                .contentType("application/json").body("{}") // refused (415/400/404): nothing is stored
                .request(write[0], write[1]).then()
                .header("Access-Control-Allow-Origin", nullValue());
        }
    }
}
