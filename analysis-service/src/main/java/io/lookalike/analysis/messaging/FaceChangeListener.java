package io.lookalike.analysis.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.service.MemberRefresh;
import io.lookalike.contracts.FacesEmbedded;
import io.lookalike.contracts.PhotoDeleted;
import io.lookalike.contracts.PhotoRelabelled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hears about face changes and marks member vectors stale; {@link MemberRefresh} does the work, debounced. Nothing
 * here blocks, and the state is rebuilt from embed.face, so events are triggers: a lost one is made good by the
 * next reconcile.
 */
@ApplicationScoped
public class FaceChangeListener {
    public static final String EMBEDDED = "faces-embedded";
    public static final String RELABELLED = "photos-relabelled";
    public static final String DELETED = "photos-deleted";

    private final ObjectMapper json;
    private final MemberRefresh refresh;
    private final String modelId;

    public FaceChangeListener(ObjectMapper json, MemberRefresh refresh, AnalysisConfig config) {
        this.json = json;
        this.refresh = refresh;
        this.modelId = config.modelId();
    }

    @Incoming(EMBEDDED)
    public void embedded(String record) throws IOException {
        FacesEmbedded event = json.readValue(record, FacesEmbedded.class);
        if (modelId.equals(event.modelId())) { // other models' vectors are never compared with ours
            refresh.facesEmbedded(event.member());
        }
    }

    @Incoming(RELABELLED)
    public void relabelled(String record) throws IOException {
        json.readValue(record, PhotoRelabelled.class); // a malformed record goes to the dead-letter topic
        refresh.photoChanged();
    }

    @Incoming(DELETED)
    public void deleted(String record) throws IOException {
        json.readValue(record, PhotoDeleted.class);
        refresh.photoChanged();
    }
}
