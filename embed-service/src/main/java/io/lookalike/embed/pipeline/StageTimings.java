package io.lookalike.embed.pipeline;

/** Wall-clock nanoseconds each stage of {@link FacePipeline#process} took for one photo, all faces together. */
public record StageTimings(long decode, long detect, long landmarks, long align, long embed, long quality,
                           long thumbnail) {

    public long total() {
        return decode + detect + landmarks + align + embed + quality + thumbnail;
    }
}
