package io.lookalike.analysis.service;

import io.lookalike.analysis.client.IngestGateway;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;

/**
 * A member's privacy request on the dashboard's origin. ingest-service owns the photos and erases them; faces and the
 * member's vector follow from its photos.deleted events. Pair lists name members by hand, so the name leaves them
 * here, where no event would remove it.
 */
@ApplicationScoped
public class MemberErasure {
    private final IngestGateway ingest;
    private final PairLists pairLists;
    private final MemberRefresh refresh;

    public MemberErasure(IngestGateway ingest, PairLists pairLists, MemberRefresh refresh) {
        this.ingest = ingest;
        this.pairLists = pairLists;
        this.refresh = refresh;
    }

    /** ingest-service's answer to {@code DELETE rawPath}, passed on; on success the member's pairs are gone too. */
    public HttpResponse<byte[]> erase(String name, String rawPath, String apiKey) {
        HttpResponse<byte[]> answer = ingest.relay("DELETE", rawPath, null, apiKey, null);
        if (answer.statusCode() / 100 == 2) {
            pairLists.forget(name.strip());
            refresh.photoChanged();
        }
        return answer;
    }
}
