package io.lookalike.embed.pipeline;

/**
 * One face found in a photo. Arrays are not copied: treat them as read-only.
 *
 * @param box       where the face is, in image pixels
 * @param landmarks the 68 iBUG landmarks as x0, y0, x1, y1, … in image pixels
 * @param score     the detector's confidence in [0, 1]
 * @param size      the longer side of the box in pixels
 * @param embedding unit-length vector of the model set's dimension
 * @param thumbnail a small JPEG of the face for people to look at ({@link FaceThumbnail})
 */
public record Face(Box box, float[] landmarks, float score, int size, Quality quality, float[] embedding,
                   byte[] thumbnail) {

    /** An axis-aligned box in image pixels. */
    public record Box(int x, int y, int width, int height) {
    }
}
