package io.lookalike.embed.pipeline;

import java.util.List;

/** What {@link FacePipeline#process} found in one photo: its size in pixels, its faces and the time taken. */
public record PipelineResult(String modelId, int width, int height, List<Face> faces, StageTimings timings) {

    public PipelineResult {
        faces = List.copyOf(faces);
    }
}
