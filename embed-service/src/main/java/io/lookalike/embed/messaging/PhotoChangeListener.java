package io.lookalike.embed.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.contracts.PhotoDeleted;
import io.lookalike.contracts.PhotoRelabelled;
import io.lookalike.embed.service.FaceRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps face rows in step with their photo: new labels, or erased with the photo. */
@ApplicationScoped
public class PhotoChangeListener {
    public static final String RELABELLED = "photos-relabelled";
    public static final String DELETED = "photos-deleted";

    private final ObjectMapper json;
    private final FaceRepository faces;

    public PhotoChangeListener(ObjectMapper json, FaceRepository faces) {
        this.json = json;
        this.faces = faces;
    }

    @Incoming(RELABELLED)
    @Blocking
    public void relabelled(String record) throws IOException {
        PhotoRelabelled event = json.readValue(record, PhotoRelabelled.class);
        faces.relabel(event.photoId(), event.member(), event.group());
    }

    @Incoming(DELETED)
    @Blocking
    public void deleted(String record) throws IOException {
        faces.deletePhoto(json.readValue(record, PhotoDeleted.class).photoId());
    }
}
