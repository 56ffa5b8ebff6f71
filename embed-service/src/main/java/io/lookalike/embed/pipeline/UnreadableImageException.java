package io.lookalike.embed.pipeline;

/** The bytes are not an image this service can decode; {@link #getMessage()} says why, for people. */
public final class UnreadableImageException extends Exception {
    public UnreadableImageException(String reason) {
        super(reason);
    }
}
