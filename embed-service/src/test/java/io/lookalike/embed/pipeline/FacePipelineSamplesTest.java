package io.lookalike.embed.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The six 1920-px group photos of @vladmandic/face-api: every face found, and the same woman recognised across photos. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacePipelineSamplesTest {

    /**
     * Faces per photo, left to right as a person counts them. docs/models.md says 23 in all; sample1..6
     * hold 3+3+3+4+5+4 = 22 people, every one found (checked by eye, and by tiling the photos at 3×
     * the detector's resolution, which finds no other face).
     */
    private static final int[] FACES = {3, 3, 3, 4, 5, 4};

    private FacePipeline pipeline;
    private List<Path> samples;
    private List<PipelineResult> results;

    @BeforeAll
    void processSamples() throws Exception {
        samples = TestPhotos.samples();
        pipeline = new FacePipeline(TestPhotos.models());
        results = new ArrayList<>();
        for (Path sample : samples) {
            results.add(pipeline.process(TestPhotos.read(sample)));
        }
    }

    @AfterAll
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void findsEveryFaceInsideThePhoto() {
        for (int i = 0; i < samples.size(); i++) {
            PipelineResult result = results.get(i);
            System.out.printf("%s: %d×%d, %d faces%n", samples.get(i).getFileName(), result.width(), result.height(), result.faces().size());
            assertEquals(FACES[i], result.faces().size(), samples.get(i).getFileName().toString());
            for (Face face : result.faces()) {
                Face.Box b = face.box();
                assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= result.width() && b.y() + b.height() <= result.height(), b.toString());
                assertTrue(face.size() >= 20 && face.score() >= 0.7f, face.toString());
                assertEquals(136, face.landmarks().length);
                assertEquals(512, face.embedding().length);
                assertEquals(1, norm(face.embedding()), 1e-4);
                assertTrue(face.quality().score() >= 0 && face.quality().score() <= 1, face.quality().toString());
                assertThumbnail(face.thumbnail());
            }
        }
        assertEquals(22, results.stream().mapToInt(r -> r.faces().size()).sum());
    }

    /** A JPEG that decodes to a square colour picture of the aligned face's size (112 px). */
    private static void assertThumbnail(byte[] jpeg) {
        assertTrue(jpeg != null && jpeg.length > 500 && jpeg[0] == (byte) 0xFF && jpeg[1] == (byte) 0xD8, "a JPEG thumbnail");
        org.opencv.core.Mat m = org.opencv.imgcodecs.Imgcodecs.imdecode(new org.opencv.core.MatOfByte(jpeg),
            org.opencv.imgcodecs.Imgcodecs.IMREAD_UNCHANGED);
        try {
            assertEquals(112, m.cols());
            assertEquals(112, m.rows());
            assertEquals(3, m.channels());
        } finally {
            m.release();
        }
    }

    @Test
    void theWomanInSample1AndSample3IsCloserThanAnyTwoPeopleInOnePhoto() {
        double closestAcross = Double.MAX_VALUE;
        for (Face a : results.get(0).faces()) {
            for (Face b : results.get(2).faces()) {
                closestAcross = Math.min(closestAcross, TestPhotos.distance(a.embedding(), b.embedding()));
            }
        }
        double closestWithin = Double.MAX_VALUE;
        for (PipelineResult result : results) {
            List<Face> faces = result.faces();
            for (int i = 0; i < faces.size(); i++) {
                for (int j = i + 1; j < faces.size(); j++) {
                    closestWithin = Math.min(closestWithin, TestPhotos.distance(faces.get(i).embedding(), faces.get(j).embedding()));
                }
            }
        }
        System.out.printf("same woman, sample1/sample3: %.3f; closest two people in one photo: %.3f%n", closestAcross, closestWithin);
        assertTrue(closestAcross < closestWithin, closestAcross + " ≥ " + closestWithin);
    }

    @Test
    void concurrentCallsGiveTheSameFacesAsSequentialOnes() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<PipelineResult>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Path sample : samples) {
                    byte[] photo = TestPhotos.read(sample);
                    futures.add(workers.submit(() -> pipeline.process(photo)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                PipelineResult expected = results.get(k % samples.size());
                PipelineResult actual = futures.get(k).get();
                assertEquals(expected.faces().size(), actual.faces().size());
                for (int i = 0; i < expected.faces().size(); i++) {
                    assertEquals(expected.faces().get(i).box(), actual.faces().get(i).box());
                    assertArrayEquals(expected.faces().get(i).embedding(), actual.faces().get(i).embedding(), 1e-5f);
                }
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static double norm(float[] v) {
        return TestPhotos.distance(v, new float[v.length]);
    }
}
