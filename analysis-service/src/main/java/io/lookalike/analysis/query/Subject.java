package io.lookalike.analysis.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** What a ranking ranks: a member (name, group, counts) or, per face, one face (id, photo, its label if any). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subject(String member, String group, Integer photoCount, Integer faceCount, Long faceId, UUID photoId) {

    public static Subject member(String name, String group, int photoCount, int faceCount) {
        return new Subject(name, group, photoCount, faceCount, null, null);
    }

    public static Subject face(long id, UUID photoId, String member, String group) {
        return new Subject(member, group, null, null, id, photoId);
    }

    /** The name a CSV row or a map point shows. */
    public String label() {
        return faceId == null ? member : member == null ? "face " + faceId : member + " (face " + faceId + ")";
    }
}
