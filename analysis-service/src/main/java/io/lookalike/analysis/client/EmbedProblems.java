package io.lookalike.analysis.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.common.rest.ProblemMapper.Problem;
import java.io.IOException;

/** The sentence to pass on when embed-service refuses a request: its problem JSON's detail, else the status line. */
public final class EmbedProblems {
    private EmbedProblems() {
    }

    /** {@code body} is read as text: problem+json is not every JSON reader's media type. */
    public static String detail(ObjectMapper json, int status, String body) {
        try {
            Problem problem = json.readValue(body, Problem.class);
            if (problem != null && problem.detail() != null) {
                return problem.detail();
            }
        } catch (IOException | RuntimeException e) {
            // not problem JSON: keep the status line
        }
        return "embed-service answered " + status + ".";
    }
}
