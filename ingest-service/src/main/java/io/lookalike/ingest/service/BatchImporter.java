package io.lookalike.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.lookalike.common.image.ImageInspector;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores several photos at once: loose files and zip archives, labelled by a {@code manifest.csv}
 * ({@code file,member,group}). Every item gets its own result; one bad item never sinks the others, but a batch of
 * which nothing could be stored is refused as a whole (problem JSON with every item's reason). Whatever can refuse
 * the whole batch (archive limits, manifests) is checked before anything is stored. Files are read from where the
 * HTTP layer stored them, one at a time (zip bombs stop at the limits, see {@link UploadArchive}).
 */
@ApplicationScoped
public class BatchImporter {
    public static final String MANIFEST = "manifest.csv";

    /** A file part of the request, still on disk. */
    public record Upload(String name, Path file) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(String file, String result, Integer status, UUID id, String member, String group, String problem) {
    }

    public record BatchResult(int created, int duplicate, int refused, List<ItemResult> items) {
    }

    private final PhotoStore store;
    private final ImageInspector inspector;
    private final long maxBytes;
    private final int maxEntries;
    private final long maxInflated;

    public BatchImporter(PhotoStore store, ImageInspector inspector,
                         @ConfigProperty(name = "lookalike.upload.max-bytes") long maxBytes,
                         @ConfigProperty(name = "lookalike.batch.max-entries") int maxEntries,
                         @ConfigProperty(name = "lookalike.batch.max-inflated-bytes") long maxInflated) {
        this.store = store;
        this.inspector = inspector;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.maxInflated = maxInflated;
    }

    public BatchResult importAll(List<Upload> uploads, Path manifest, Labels defaults) {
        Map<String, Labels> labels = new HashMap<>();
        if (manifest != null) {
            labels.putAll(parseManifest(readManifest(manifest)));
        }
        Map<Upload, UploadArchive> archives = new LinkedHashMap<>();
        try {
            for (Upload upload : uploads) {
                if (isZip(upload.file())) {
                    UploadArchive archive = UploadArchive.open(UploadNames.shown(upload.name()), upload.file(), maxBytes,
                        maxEntries, maxInflated);
                    archives.put(upload, archive);
                    for (ZipEntry entry : archive.entries()) {
                        if (isManifest(entry.getName())) {
                            labels.putAll(parseManifest(archive.read(entry, MANIFEST, maxBytes)));
                        }
                    }
                }
            }
            List<ItemResult> results = new ArrayList<>();
            for (Upload upload : uploads) {
                UploadArchive archive = archives.get(upload);
                if (archive == null) {
                    results.add(importOne(upload.name(), () -> readFile(upload), labels, defaults));
                    continue;
                }
                for (ZipEntry entry : archive.entries()) {
                    if (!isManifest(entry.getName())) {
                        results.add(importOne(entry.getName(),
                            () -> archive.read(entry, UploadNames.shown(entry.getName()), maxBytes), labels, defaults));
                    }
                }
            }
            return summarise(results);
        } finally {
            archives.values().forEach(UploadArchive::close);
        }
    }

    private interface Bytes {
        byte[] read();
    }

    private ItemResult importOne(String name, Bytes bytes, Map<String, Labels> labels, Labels defaults) {
        String shown = UploadNames.shown(name);
        try {
            UploadNames.requireSafe(name);
            Labels given = labels.getOrDefault(name, labels.getOrDefault(baseName(name), Labels.NONE));
            PhotoStore.Stored stored = store.upload(shown, bytes.read(), given.orElse(defaults));
            return new ItemResult(shown, stored.created() ? "created" : "duplicate", null, stored.photo().id,
                stored.photo().member, stored.photo().group, null);
        } catch (ProblemException e) {
            return new ItemResult(shown, "refused", e.status(), null, null, null, e.getMessage());
        }
    }

    private static BatchResult summarise(List<ItemResult> results) {
        if (results.isEmpty()) {
            throw new ProblemException(Status.BAD_REQUEST, "Nothing to import",
                "The batch holds no photos: send images or zip archives of images as parts named 'files'.");
        }
        int created = (int) results.stream().filter(r -> r.result().equals("created")).count();
        int duplicate = (int) results.stream().filter(r -> r.result().equals("duplicate")).count();
        if (created + duplicate == 0) {
            Set<Integer> statuses = results.stream().map(ItemResult::status).collect(Collectors.toSet());
            throw new ProblemException(statuses.size() == 1 ? statuses.iterator().next() : ProblemException.UNPROCESSABLE,
                "Nothing stored", "None of the " + results.size() + " files in this batch could be stored; 'items' says why for each.",
                Map.of("items", results));
        }
        return new BatchResult(created, duplicate, results.size() - created - duplicate, results);
    }

    private byte[] readFile(Upload upload) {
        try {
            inspector.requireSize(UploadNames.shown(upload.name()), Files.size(upload.file()));
            return Files.readAllBytes(upload.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readManifest(Path file) {
        try {
            if (Files.size(file) > maxBytes) {
                throw manifestTooLarge("is over " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** manifest.csv: a header naming the columns {@code file,member,group} (member and group optional), one row per file. */
    Map<String, Labels> parseManifest(byte[] csv) {
        if (csv.length > maxBytes) {
            throw manifestTooLarge("is over " + maxBytes + " bytes");
        }
        Map<String, Labels> labels = new HashMap<>();
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(csv)) {
            List<String> header = rows.hasNext()
                ? java.util.Arrays.stream(rows.next()).map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList()
                : List.of();
            int file = header.indexOf("file");
            if (file < 0) {
                throw invalidManifest("it needs a header naming its columns 'file,member,group'");
            }
            int count = 0;
            while (rows.hasNext()) {
                String[] row = rows.next();
                if (++count > maxEntries) {
                    throw manifestTooLarge("has more than " + maxEntries + " rows");
                }
                String name = column(row, file);
                if (name == null || name.isBlank()) {
                    throw invalidManifest("row " + count + " has no file name");
                }
                labels.put(name.strip(), Labels.of(column(row, header.indexOf("member")), column(row, header.indexOf("group")), null));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw invalidManifest("it cannot be read as CSV (" + e.getMessage() + ")");
        }
        return labels;
    }

    private static String column(String[] row, int index) {
        return index >= 0 && index < row.length ? row[index] : null;
    }

    private static ProblemException invalidManifest(String why) {
        return new ProblemException(Status.BAD_REQUEST, "Invalid manifest",
            "manifest.csv cannot be used: " + why + "; write a header 'file,member,group' and one row per file.");
    }

    private static ProblemException manifestTooLarge(String what) {
        return new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Manifest too large", "manifest.csv " + what + ".");
    }

    private static boolean isManifest(String name) {
        return baseName(name).equalsIgnoreCase(MANIFEST);
    }

    /** A zip by its signature: a local file header, or the end record alone of an empty archive. */
    private static boolean isZip(Path file) {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.length == 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6);
    }

    static String baseName(String name) {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }
}
