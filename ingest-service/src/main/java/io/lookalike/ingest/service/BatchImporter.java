package io.lookalike.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.lookalike.common.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores several photos at once: loose files and zip archives, labelled by a {@code manifest.csv}
 * ({@code file,member,group}). Every item gets its own result; one bad item never sinks the others.
 * Archives are read in memory only, with limits on entries and inflated bytes (zip bombs stop at the limit).
 */
@ApplicationScoped
public class BatchImporter {
    public static final String MANIFEST = "manifest.csv";

    public record Item(String name, byte[] bytes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(String file, String result, UUID id, String member, String group, String problem) {
    }

    public record BatchResult(int created, int duplicate, int refused, List<ItemResult> items) {
    }

    private final PhotoStore store;
    private final long maxBytes;
    private final int maxEntries;
    private final long maxInflated;

    public BatchImporter(PhotoStore store,
                         @ConfigProperty(name = "lookalike.upload.max-bytes") long maxBytes,
                         @ConfigProperty(name = "lookalike.batch.max-entries") int maxEntries,
                         @ConfigProperty(name = "lookalike.batch.max-inflated-bytes") long maxInflated) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
        this.maxInflated = maxInflated;
    }

    public BatchResult importAll(List<Item> uploads, byte[] manifest, Labels defaults) {
        List<Item> items = new ArrayList<>();
        for (Item upload : uploads) {
            if (isZip(upload.bytes())) {
                items.addAll(unzip(upload));
            } else {
                items.add(upload);
            }
        }
        Map<String, Labels> labels = new HashMap<>();
        if (manifest != null) {
            labels.putAll(parseManifest(manifest));
        }
        items.stream().filter(i -> baseName(i.name()).equalsIgnoreCase(MANIFEST))
            .forEach(i -> labels.putAll(parseManifest(i.bytes())));

        List<ItemResult> results = new ArrayList<>();
        for (Item item : items) {
            if (baseName(item.name()).equalsIgnoreCase(MANIFEST)) {
                continue;
            }
            Labels given = labels.getOrDefault(item.name(), labels.getOrDefault(baseName(item.name()), Labels.NONE));
            results.add(importOne(item, given.orElse(defaults)));
        }
        int created = (int) results.stream().filter(r -> r.result().equals("created")).count();
        int duplicate = (int) results.stream().filter(r -> r.result().equals("duplicate")).count();
        return new BatchResult(created, duplicate, results.size() - created - duplicate, results);
    }

    private ItemResult importOne(Item item, Labels labels) {
        try {
            PhotoStore.Stored stored = store.upload(item.name(), item.bytes(), labels);
            return new ItemResult(item.name(), stored.created() ? "created" : "duplicate", stored.photo().id,
                stored.photo().member, stored.photo().group, null);
        } catch (ProblemException e) {
            return new ItemResult(item.name(), "refused", null, null, null, e.getMessage());
        }
    }

    private List<Item> unzip(Item archive) {
        List<Item> entries = new ArrayList<>();
        long inflated = 0;
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(archive.bytes()))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory() || baseName(entry.getName()).startsWith(".")) {
                    continue;
                }
                if (entries.size() >= maxEntries) {
                    throw tooBig(archive, "more than " + maxEntries + " files");
                }
                byte[] bytes = readAtMost(zip, maxBytes + 1);
                inflated += bytes.length;
                if (inflated > maxInflated) {
                    throw tooBig(archive, "more than " + maxInflated + " bytes once inflated");
                }
                // Entry names are only labels here: nothing is written to disk, so "../" cannot escape anywhere.
                entries.add(new Item(entry.getName(), bytes));
            }
        } catch (IOException e) {
            throw new ProblemException(Status.BAD_REQUEST, "Unreadable archive",
                "'" + archive.name() + "' is not a readable zip archive: " + e.getMessage());
        }
        return entries;
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
    }

    private static ProblemException tooBig(Item archive, String what) {
        return new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Archive too large",
            "'" + archive.name() + "' holds " + what + ".");
    }

    /** manifest.csv: a header {@code file,member,group} (group optional), one row per file. */
    Map<String, Labels> parseManifest(byte[] csv) {
        if (csv.length > maxBytes) {
            throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Manifest too large",
                "manifest.csv is over " + maxBytes + " bytes.");
        }
        Map<String, Labels> labels = new HashMap<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String file = row.get("file");
                if (file == null || file.isBlank()) {
                    throw new ProblemException(Status.BAD_REQUEST, "Invalid manifest",
                        "manifest.csv needs a header 'file,member,group' and a file name on every row.");
                }
                labels.put(file.strip(), Labels.of(row.get("member"), row.get("group"), null));
                if (labels.size() > maxEntries) {
                    throw new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE, "Manifest too large",
                        "manifest.csv has more than " + maxEntries + " rows.");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new ProblemException(Status.BAD_REQUEST, "Invalid manifest",
                "manifest.csv cannot be read as CSV with a header 'file,member,group': " + e.getMessage());
        }
        return labels;
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    static String baseName(String name) {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }
}
