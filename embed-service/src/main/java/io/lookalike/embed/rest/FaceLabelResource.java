package io.lookalike.embed.rest;

import io.lookalike.common.rest.ProblemException;
import io.lookalike.embed.service.FaceRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Names faces one by one: a photo's label names only its largest face, so a face elsewhere in a group photo (a
 * person the dashboard suggests from unlabelled faces) gets its member here. embed-service owns the face rows.
 */
@Path("/api/faces/labels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FaceLabelResource {
    static final int MAX_FACES = 1000;
    static final int MAX_NAME = 200;

    public record Request(List<Long> faceIds, String member, String group) {
    }

    public record Result(int labelled, String member, String group) {
    }

    public record Erased(String member, List<FaceRepository.ErasedFace> faces) {
    }

    private final FaceRepository faces;

    public FaceLabelResource(FaceRepository faces) {
        this.faces = faces;
    }

    @POST
    @Operation(summary = "Give these faces a member (and group) label", description = "Needs X-API-Key. 404 when none "
        + "of the faces exists; the answer counts the faces labelled.")
    public Result label(Request request) {
        if (request == null || request.faceIds() == null || request.faceIds().isEmpty()) {
            throw new ProblemException(Status.BAD_REQUEST, "No faces", "Send faceIds: the ids of the faces to label.");
        }
        if (request.faceIds().size() > MAX_FACES) {
            throw new ProblemException(Status.BAD_REQUEST, "Too many faces", "Label at most " + MAX_FACES + " faces at once.");
        }
        String member = clean(request.member(), "member");
        if (member == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No member", "Send member: the name these faces belong to.");
        }
        String group = clean(request.group(), "group");
        int labelled = faces.label(request.faceIds(), member, group);
        if (labelled == 0) {
            throw new ProblemException(Status.NOT_FOUND, "No such faces", "None of the faces " + request.faceIds() + " exists.");
        }
        return new Result(labelled, member, group);
    }

    @DELETE
    @Path("/{member}")
    @Operation(summary = "Erase every face labelled with this member, in any photo (a privacy request)",
        description = "Needs X-API-Key. For the faces named through People in other members' photos: those photos stay, "
            + "only the face rows (vector, thumbnail) go. The member's own photos are erased at ingest-service. "
            + "Answers the faces erased (none included), each with its photo.")
    public Erased erase(@PathParam("member") String member) {
        String name = clean(member, "member");
        if (name == null) {
            throw new ProblemException(Status.BAD_REQUEST, "No member", "Name the member: DELETE /api/faces/labels/NAME.");
        }
        return new Erased(name, faces.eraseMember(name));
    }

    private static String clean(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > MAX_NAME || v.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(Status.BAD_REQUEST, "Bad " + what,
                "A " + what + " name has at most " + MAX_NAME + " characters and no control characters.");
        }
        return v;
    }
}
