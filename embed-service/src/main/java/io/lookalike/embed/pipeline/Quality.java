package io.lookalike.embed.pipeline;

/**
 * How usable a face is for comparing identities.
 *
 * @param score     overall, in [0, 1]: sharpness × size × pose terms (see {@link FaceQuality})
 * @param sharpness variance of the Laplacian of the aligned grey face (higher is sharper)
 * @param yaw       head turn left/right in degrees, NaN when pose is not estimated
 * @param pitch     head tilt up/down in degrees, NaN when pose is not estimated
 * @param roll      head tilt sideways in degrees, NaN when pose is not estimated
 */
public record Quality(double score, double sharpness, double yaw, double pitch, double roll) {
}
