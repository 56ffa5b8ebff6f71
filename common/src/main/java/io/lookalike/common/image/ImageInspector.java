package io.lookalike.common.image;

import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides from the bytes alone whether an upload is an image we accept: a JPEG, PNG or WebP whose header
 * decodes, that is not truncated, and whose pixel count stays under the limit (decompression bombs are refused
 * before any pixel is decoded).
 */
@ApplicationScoped
public class ImageInspector {

    public record ImageInfo(String contentType, int width, int height) {
    }

    private enum Format {
        JPEG("image/jpeg", "jpeg"), PNG("image/png", "png"), WEBP("image/webp", "webp");

        final String contentType;
        final String readerName;

        Format(String contentType, String readerName) {
            this.contentType = contentType;
            this.readerName = readerName;
        }
    }

    private final long maxBytes;
    private final long maxPixels;

    public ImageInspector(@ConfigProperty(name = "lookalike.upload.max-bytes") long maxBytes,
                          @ConfigProperty(name = "lookalike.upload.max-pixels") long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        ImageIO.scanForPlugins(); // picks up the WebP reader from the application class path
        ImageIO.setUseCache(false);
    }

    public ImageInfo inspect(String name, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProblemException(Status.BAD_REQUEST, "Empty file", "'" + name + "' has no bytes.");
        }
        if (bytes.length > maxBytes) {
            throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "File too large",
                "'%s' is %,d bytes; the limit is %,d bytes.".formatted(name, bytes.length, maxBytes));
        }
        Format format = sniff(bytes);
        if (format == null) {
            throw new ProblemException(Status.UNSUPPORTED_MEDIA_TYPE, "Not an image we accept",
                "'" + name + "' is not a JPEG, PNG or WebP image (judged by its content, not its name).");
        }
        int[] size = readHeader(name, format, bytes);
        long pixels = (long) size[0] * size[1];
        if (pixels > maxPixels) {
            throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Image has too many pixels",
                "'%s' declares %d×%d = %,d pixels; the limit is %,d.".formatted(name, size[0], size[1], pixels, maxPixels));
        }
        if (size[0] <= 0 || size[1] <= 0) {
            throw unreadable(name, "it declares no pixels");
        }
        if (isTruncated(format, bytes)) {
            throw unreadable(name, "the file is truncated");
        }
        return new ImageInfo(format.contentType, size[0], size[1]);
    }

    private static Format sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Format.JPEG;
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
            && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return Format.PNG;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
            && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Format.WEBP;
        }
        return null;
    }

    /** Reads only the header (width, height) with the format's ImageIO reader. */
    private static int[] readHeader(String name, Format format, byte[] bytes) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } catch (IOException | RuntimeException e) {
            throw unreadable(name, "its " + format + " header does not decode (" + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
    }

    /** A cut-off upload misses its end marker: JPEG EOI, PNG IEND, or the RIFF length of WebP. */
    private static boolean isTruncated(Format format, byte[] b) {
        return switch (format) {
            case JPEG -> !endsWithEoi(b);
            case PNG -> b.length < 12 || !(b[b.length - 8] == 'I' && b[b.length - 7] == 'E'
                && b[b.length - 6] == 'N' && b[b.length - 5] == 'D');
            case WEBP -> {
                long riffSize = (b[4] & 0xffL) | (b[5] & 0xffL) << 8 | (b[6] & 0xffL) << 16 | (b[7] & 0xffL) << 24;
                yield b.length < riffSize + 8;
            }
        };
    }

    /**
     * Cameras may pad after EOI, so accept an EOI followed only by padding. FF D9 cannot occur inside
     * entropy-coded data (an FF there is always stuffed), so a JPEG cut short has none near its end.
     */
    private static boolean endsWithEoi(byte[] b) {
        int stop = Math.max(1, b.length - 4096);
        for (int i = b.length - 1; i >= stop; i--) {
            int v = b[i] & 0xff;
            if (v == 0xD9 && (b[i - 1] & 0xff) == 0xFF) {
                return true;
            }
            if (v != 0x00 && v != 0xFF) {
                return false;
            }
        }
        return false;
    }

    private static ProblemException unreadable(String name, String why) {
        return new ProblemException(ProblemException.UNPROCESSABLE, "Unreadable image", "'" + name + "' cannot be read: " + why + ".");
    }
}
