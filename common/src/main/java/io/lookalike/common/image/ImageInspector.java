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
 * decodes, whose container structure holds ({@link ImageStructure}: not truncated, PNG CRCs right, WebP chunks
 * whole), and whose pixel count stays under the limit (decompression bombs are refused before any pixel is decoded).
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
        requireSize(name, bytes.length);
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
        String broken = ImageStructure.problem(format.readerName, bytes);
        if (broken != null) {
            throw unreadable(name, broken);
        }
        return new ImageInfo(format.contentType, size[0], size[1]);
    }

    /** Refuses a file over the byte limit from its size alone: callers check a file on disk before reading it. */
    public void requireSize(String name, long size) {
        if (size > maxBytes) {
            throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "File too large",
                "'%s' is %,d bytes; the limit is %,d bytes.".formatted(name, size, maxBytes));
        }
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

    private static ProblemException unreadable(String name, String why) {
        return new ProblemException(ProblemException.UNPROCESSABLE, "Unreadable image", "'" + name + "' cannot be read: " + why + ".");
    }
}
