package io.lookalike.ingest.rest;

import io.lookalike.common.image.ImageInspector;
import io.lookalike.common.rest.ProblemException;
import io.lookalike.ingest.domain.Photo;
import io.lookalike.ingest.domain.PhotoStatus;
import io.lookalike.ingest.service.BatchImporter;
import io.lookalike.ingest.service.BatchImporter.BatchResult;
import io.lookalike.ingest.service.BatchImporter.Upload;
import io.lookalike.ingest.service.Labels;
import io.lookalike.ingest.service.PhotoStore;
import io.lookalike.ingest.service.UploadNames;
import io.micrometer.core.annotation.Timed;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The photo API: upload (single and batch), list, read, relabel, delete. */
@Path("/api/photos")
@Produces(MediaType.APPLICATION_JSON)
public class PhotoResource {

    public record PhotoPage(List<PhotoView> items, int page, int size, long total) {
    }

    private final PhotoStore store;
    private final BatchImporter batch;
    private final ImageInspector inspector;

    public PhotoResource(PhotoStore store, BatchImporter batch, ImageInspector inspector) {
        this.store = store;
        this.batch = batch;
        this.inspector = inspector;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload one photo", description = "201 with the new photo; 200 with the existing one when the same bytes were uploaded before.")
    @Timed(value = "lookalike.upload.latency", histogram = true)
    public Response upload(@RestForm("image") FileUpload image, @RestForm String member, @RestForm String group,
                           @RestForm String source) {
        if (image == null || image.uploadedFile() == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No image", "Send the photo as the multipart file part 'image'.");
        }
        Labels labels = Labels.of(member, group, source);
        String name = UploadNames.shown(image.fileName());
        inspector.requireSize(name, image.size()); // before reading: the HTTP layer admits batch-sized bodies
        PhotoStore.Stored stored = store.upload(name, read(image), labels);
        PhotoView view = PhotoView.of(stored.photo());
        return stored.created()
            ? Response.created(URI.create("/api/photos/" + view.id())).entity(view).build()
            : Response.ok(view).build();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload several photos or zip archives", description = "Parts 'files' (images or zips, a zip may hold manifest.csv), optional 'manifest' (file,member,group), optional default 'member'/'group'. One result per item; when no item could be stored, a problem with every item's reason in 'items'.")
    public BatchResult uploadBatch(@RestForm("files") List<FileUpload> files, @RestForm("manifest") FileUpload manifest,
                                   @RestForm String member, @RestForm String group, @RestForm String source) {
        if (files == null || files.isEmpty() || files.stream().anyMatch(f -> f.uploadedFile() == null)) {
            throw new ProblemException(Status.BAD_REQUEST, "No files", "Send the photos or zip archives as multipart file parts named 'files'.");
        }
        if (manifest != null && manifest.uploadedFile() == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No manifest file", "Send the manifest as a multipart file part named 'manifest'.");
        }
        Labels labels = Labels.of(member, group, source);
        List<Upload> uploads = files.stream()
            .map(f -> new Upload(f.fileName() == null ? "" : f.fileName(), f.uploadedFile())).toList();
        return batch.importAll(uploads, manifest == null ? null : manifest.uploadedFile(), labels);
    }

    @GET
    @Transactional
    @Operation(summary = "List photos, newest first, optionally by member and group")
    public PhotoPage list(@QueryParam("member") String member, @QueryParam("group") String group,
                          @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new ProblemException(Status.BAD_REQUEST, "Bad paging", "page must be ≥ 0 and size between 1 and 500.");
        }
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (member != null) {
            where.append(" and member = :member");
            params.and("member", member);
        }
        if (group != null) {
            where.append(" and group = :group");
            params.and("group", group);
        }
        var query = Photo.<Photo>find(where.toString(), Sort.descending("uploadedAt").and("id"), params);
        List<PhotoView> items = query.page(Page.of(page, size)).list().stream().map(PhotoView::of).toList();
        return new PhotoPage(items, page, size, query.count());
    }

    /** How many photos there are, by where they stand in the pipeline (dashboards and the launcher's status). */
    public record PhotoCounts(long photos, long queued, long embedded, long rejected, long bytes) {
    }

    @GET
    @Path("/counts")
    @Transactional
    @Operation(summary = "Photo counts: all, queued, embedded, rejected, and the bytes stored")
    public PhotoCounts counts() {
        Map<PhotoStatus, Long> byStatus = new java.util.EnumMap<>(PhotoStatus.class);
        long bytes = 0;
        for (Object[] row : Photo.getEntityManager()
                .createQuery("select p.status, count(p), coalesce(sum(p.sizeBytes), 0) from Photo p group by p.status", Object[].class)
                .getResultList()) {
            byStatus.put((PhotoStatus) row[0], ((Number) row[1]).longValue());
            bytes += ((Number) row[2]).longValue();
        }
        long queued = byStatus.getOrDefault(PhotoStatus.QUEUED, 0L);
        long embedded = byStatus.getOrDefault(PhotoStatus.EMBEDDED, 0L);
        long rejected = byStatus.getOrDefault(PhotoStatus.REJECTED, 0L);
        return new PhotoCounts(queued + embedded + rejected, queued, embedded, rejected, bytes);
    }

    @GET
    @Path("/{id}")
    @Transactional
    public PhotoView get(@PathParam("id") UUID id) {
        return PhotoView.of(store.find(id));
    }

    @GET
    @Path("/{id}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "The photo's bytes, as uploaded (embed workers fetch them: events carry only ids)")
    public Response content(@PathParam("id") UUID id) {
        Photo photo = store.find(id);
        return Response.ok(store.content(id), photo.contentType).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a photo's member and/or group label (publishes photos.relabelled)",
        description = "JSON with 'member' and/or 'group'; a field left out stays as it is, null or \"\" clears it.")
    public PhotoView relabel(@PathParam("id") UUID id, Map<String, String> changes) {
        if (changes == null || !(changes.containsKey("member") || changes.containsKey("group"))) {
            throw new ProblemException(Status.BAD_REQUEST, "No labels", "Send JSON with \"member\" and/or \"group\".");
        }
        return PhotoView.of(store.relabel(id, changes));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase a photo and its bytes (publishes photos.deleted)")
    public Response delete(@PathParam("id") UUID id) {
        store.delete(id);
        return Response.noContent().build();
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
