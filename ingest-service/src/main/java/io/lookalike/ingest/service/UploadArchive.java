package io.lookalike.ingest.service;

import io.lookalike.common.rest.ProblemException;
import jakarta.ws.rs.core.Response.Status;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip archive of a batch upload, read where the HTTP layer stored it, one entry at a time: memory holds one entry
 * (at most the per-image limit), never the archive. The limits are checked from its directory before anything is
 * stored: entry count, and inflated size as the entries declare it; an entry that inflates past what it declares is
 * refused when read, so a zip bomb costs at most the declared total.
 */
final class UploadArchive implements Closeable {
    private final String name;
    private final ZipFile zip;
    private final List<ZipEntry> entries;

    private UploadArchive(String name, ZipFile zip, List<ZipEntry> entries) {
        this.name = name;
        this.zip = zip;
        this.entries = entries;
    }

    static UploadArchive open(String name, Path file, long maxBytes, int maxEntries, long maxInflated) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw unreadable(name, e);
        }
        try {
            List<ZipEntry> entries = zip.stream()
                .filter(e -> !e.isDirectory() && !BatchImporter.baseName(e.getName()).startsWith("."))
                .map(e -> (ZipEntry) e).toList();
            if (entries.size() > maxEntries) {
                throw tooBig(name, "more than " + maxEntries + " files");
            }
            long inflated = 0;
            for (ZipEntry entry : entries) {
                inflated += entry.getSize() < 0 ? maxBytes + 1 : Math.min(entry.getSize(), maxBytes + 1);
            }
            if (inflated > maxInflated) {
                throw tooBig(name, "more than " + maxInflated + " bytes once inflated");
            }
            return new UploadArchive(name, zip, entries);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e instanceof ProblemException p ? p : unreadable(name, e);
        }
    }

    List<ZipEntry> entries() {
        return entries;
    }

    /** An entry's bytes; refused when it declares more than {@code maxBytes} or inflates past what it declares. */
    byte[] read(ZipEntry entry, String shownName, long maxBytes) {
        long declared = entry.getSize() < 0 ? maxBytes : entry.getSize();
        if (declared > maxBytes) {
            throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "File too large",
                "'%s' is %,d bytes once inflated; the limit is %,d bytes.".formatted(shownName, declared, maxBytes));
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) declared + 1);
            if (bytes.length > declared) {
                throw damaged(shownName, "it inflates to more than the " + declared + " bytes its header declares");
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw e instanceof ProblemException p ? p : damaged(shownName, e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException e) {
            // only the file handle of a temporary upload
        }
    }

    private static ProblemException unreadable(String name, Exception e) {
        return new ProblemException(Status.BAD_REQUEST, "Unreadable archive",
            "'" + name + "' is not a readable zip archive: " + e.getMessage());
    }

    private static ProblemException tooBig(String name, String what) {
        return new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Archive too large", "'" + name + "' holds " + what + ".");
    }

    private ProblemException damaged(String entry, String why) {
        return new ProblemException(ProblemException.UNPROCESSABLE, "Damaged archive entry",
            "'" + entry + "' in '" + name + "' cannot be inflated: " + why + ".");
    }
}
