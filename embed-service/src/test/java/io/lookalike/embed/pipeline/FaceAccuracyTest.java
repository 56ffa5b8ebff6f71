package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Detection and recognition on the labelled photos of shared/data/faces (95 tight crops of 13 people). */
class FaceAccuracyTest {

    /** Measured 1.0000 (every same-person pair closer than every other pair); the bound leaves room for numeric drift. */
    private static final double MIN_AUC = 0.999;

    @Test
    void findsTheFacesAndTellsPeopleApart() throws Exception {
        List<TestPhotos.Labelled> photos = TestPhotos.labelled();
        List<FaceMetrics.Labelled> faces = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        try (FacePipeline pipeline = new FacePipeline(TestPhotos.models())) {
            for (TestPhotos.Labelled photo : photos) {
                PipelineResult result = pipeline.process(TestPhotos.read(photo.path()));
                result.faces().stream().max(Comparator.comparingInt(Face::size)).ifPresentOrElse(
                        face -> faces.add(new FaceMetrics.Labelled(photo.identity(), face.embedding())),
                        () -> missed.add(photo.path().getFileName().toString()));
            }
        }
        double detectionRate = (double) faces.size() / photos.size();
        FaceMetrics metrics = new FaceMetrics(faces);
        System.out.printf("detection %d/%d = %.3f (missed %s); pairs %d same, %d different: AUC %.5f, rank-1 %.3f%n",
                faces.size(), photos.size(), detectionRate, missed, metrics.samePairs(), metrics.differentPairs(),
                metrics.auc(), metrics.rank1());
        assertTrue(detectionRate >= 0.98, "detection rate " + detectionRate + ", missed " + missed);
        assertTrue(metrics.auc() >= MIN_AUC, "pair ROC AUC " + metrics.auc());
        assertTrue(metrics.rank1() >= 0.98, "rank-1 " + metrics.rank1());
    }
}
