package io.lookalike.embed.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Speed and accuracy of the face pipeline, printed: per-stage medians for one-face portraits
 * (shared/data/faces) and the six 1920-px group photos, photos/s with one and two workers, the
 * OnnxRuntime floor (the three models alone on ready-made tensors) and accuracy figures.
 * Run with {@code ./lookalike bench embed [rounds]} (default 5 rounds).
 */
public final class PipelineBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final double TARGET_RATIO = 1.25;
    private static final double TARGET_PORTRAITS_PER_SECOND = 30;

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ModelSet models = ModelSet.defaults().verify();
        if (TestPhotos.labelledFolder() == null) {
            System.err.println("bench embed: the labelled photos are missing (../shared/data/faces/manifest.csv beside the"
                + " checkout); the portrait speed and the accuracy figures need them.");
            System.exit(2);
        }
        List<TestPhotos.Labelled> labelled = TestPhotos.labelled();
        List<byte[]> portraits = labelled.stream().map(l -> TestPhotos.read(l.path())).toList();
        List<byte[]> groups = TestPhotos.samples().stream().map(TestPhotos::read).toList();
        System.out.printf("lookalike embed bench: %s, %d cores, %d rounds%n", models.modelId(),
                Runtime.getRuntime().availableProcessors(), rounds);

        try (FacePipeline pipeline = new FacePipeline(models)) {
            // after the pipeline: DJL must be first to create the OrtEnvironment (it sets its threading options)
            Floor floor = Floor.measure(models, 200);
            System.out.printf("%nOnnxRuntime floor (1 intra-op thread, ready tensors, the three models in turn, median of 200), wall [thread CPU]:"
                    + " detect %.2f [%.2f] ms, landmarks %.2f [%.2f] ms, embed %.2f [%.2f] ms%n",
                    ms(floor.detect), ms(floor.detectCpu), ms(floor.landmarks), ms(floor.landmarksCpu), ms(floor.embed), ms(floor.embedCpu));
            List<PipelineResult> portraitResults = report("one-face portraits (" + portraits.size() + " labelled crops)", pipeline, portraits, rounds, floor);
            store(portraitResults);
            report("group photos (6 × 1920 px)", pipeline, groups, rounds * 4, floor);
            accuracy(labelled, portraitResults);
        }
        try (FacePipeline withPose = new FacePipeline(models, new FacePipeline.Options(0.7f, 0.3f, 20, true))) {
            List<Sample> samples = timeSequential(withPose, portraits, rounds);
            System.out.printf("%nwith head pose (fr_pose.onnx) on portraits: quality stage median %.2f ms, %.1f photos/s single thread%n",
                    median(samples, s -> s.timings().quality()) / 1e6, samples.size() / seconds(samples));
        }
        memory();
    }

    /**
     * The store stage as the worker runs it, one transaction per photo: the idempotency check (faces of this photo and
     * model already there?) then one INSERT per face, into the real embed.face under a bench model id, removed after.
     */
    private static void store(List<PipelineResult> results) {
        String url = "jdbc:postgresql://" + env("LOOKALIKE_PG_HOST", "127.0.0.1") + ":" + env("LOOKALIKE_PG_PORT", "5432")
            + "/lookalike";
        String model = "bench-store@" + System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "lookalike", env("LOOKALIKE_DB_PASSWORD", "lookalike"))) {
            DescriptiveStatistics ms = new DescriptiveStatistics();
            try (var check = c.prepareStatement("SELECT id FROM embed.face WHERE photo_id = ? AND model_id = ?");
                 var insert = c.prepareStatement("""
                     INSERT INTO embed.face (photo_id, face_index, model_id, member, group_name, box_x, box_y, box_width,
                         box_height, image_width, image_height, landmarks, detection_score, size, quality, sharpness, embedding,
                         thumbnail)
                     VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS vector), ?)""")) {
                c.setAutoCommit(false);
                for (int round = 0; round < 3; round++) {
                    for (PipelineResult r : results) {
                        long t = System.nanoTime();
                        java.util.UUID photo = java.util.UUID.randomUUID();
                        check.setObject(1, photo);
                        check.setString(2, model);
                        check.executeQuery().close();
                        for (int i = 0; i < r.faces().size(); i++) {
                            Face f = r.faces().get(i);
                            Object[] values = {photo, i, model, f.box().x(), f.box().y(), f.box().width(), f.box().height(),
                                r.width(), r.height(), c.createArrayOf("float4", box(f.landmarks())), f.score(), f.size(),
                                (float) f.quality().score(), (float) f.quality().sharpness(), vector(f.embedding()), f.thumbnail()};
                            for (int v = 0; v < values.length; v++) {
                                insert.setObject(v + 1, values[v]);
                            }
                            insert.executeUpdate();
                        }
                        c.commit();
                        if (round > 0) {
                            ms.addValue((System.nanoTime() - t) / 1e6);
                        }
                    }
                }
            } finally {
                c.rollback();
                try (var delete = c.prepareStatement("DELETE FROM embed.face WHERE model_id = ?")) {
                    delete.setString(1, model);
                    delete.executeUpdate();
                }
                c.commit();
            }
            System.out.printf("  store (PostgreSQL, one transaction per photo: check + insert its faces): median %.2f ms,"
                + " p99 %.2f ms per photo%n", ms.getPercentile(50), ms.getPercentile(99));
        } catch (java.sql.SQLException e) {
            System.out.printf("  store: skipped, PostgreSQL at %s not reachable (%s); ./lookalike up starts it%n", url,
                e.getMessage());
        }
    }

    private static Float[] box(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static String vector(float[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(v[i]);
        }
        return s.append(']').toString();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** What one worker process holds with the models loaded and after all the runs above. */
    private static void memory() throws java.io.IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        String rss = java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " "))
                .reduce((a, b) -> a + ", " + b).orElse("?");
        System.out.printf("%nmemory of this process (models loaded, after the runs): Java heap used %.0f MB after GC; %s%n",
                (rt.totalMemory() - rt.freeMemory()) / 1e6, rss);
    }

    /** A processed photo, how long the whole call took and the CPU time the calling thread spent on it. */
    private record Sample(StageTimings timings, long wallNanos, long cpuNanos, int faces) {
    }

    /**
     * Median OnnxRuntime run time of each model on a ready-made random tensor, wall and thread CPU, in
     * nanoseconds: one intra-op thread, the three models run in turn as for a one-face photo.
     */
    private record Floor(double detect, double landmarks, double embed, double detectCpu, double landmarksCpu, double embedCpu) {

        static Floor measure(ModelSet models, int runs) throws OrtException {
            List<Path> files = List.of(models.path(models.detector()), models.path(models.landmarker()), models.path(models.embedder()));
            List<long[]> shapes = List.of(new long[] {1, 3, models.detectorHeight(), models.detectorWidth()},
                    new long[] {1, 1, models.landmarkerSize(), models.landmarkerSize()},
                    new long[] {1, 3, models.faceSize(), models.faceSize()});
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            List<AutoCloseable> open = new ArrayList<>();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                List<OrtSession> sessions = new ArrayList<>();
                List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
                for (int m = 0; m < files.size(); m++) {
                    OrtSession session = env.createSession(files.get(m).toString(), options);
                    OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(random(shapes.get(m))), shapes.get(m));
                    open.add(session);
                    open.add(tensor);
                    sessions.add(session);
                    inputs.add(Map.of(session.getInputNames().iterator().next(), tensor));
                }
                DescriptiveStatistics[] wall = {new DescriptiveStatistics(), new DescriptiveStatistics(), new DescriptiveStatistics()};
                DescriptiveStatistics[] cpu = {new DescriptiveStatistics(), new DescriptiveStatistics(), new DescriptiveStatistics()};
                for (int i = 0; i < runs + 20; i++) {
                    for (int m = 0; m < sessions.size(); m++) {
                        long cpuStart = THREADS.getCurrentThreadCpuTime();
                        long start = System.nanoTime();
                        sessions.get(m).run(inputs.get(m)).close();
                        if (i >= 20) {
                            wall[m].addValue(System.nanoTime() - start);
                            cpu[m].addValue(THREADS.getCurrentThreadCpuTime() - cpuStart);
                        }
                    }
                }
                return new Floor(wall[0].getPercentile(50), wall[1].getPercentile(50), wall[2].getPercentile(50),
                        cpu[0].getPercentile(50), cpu[1].getPercentile(50), cpu[2].getPercentile(50));
            } finally {
                for (AutoCloseable c : open) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closing a benchmark session
                    }
                }
            }
        }

        double perPhoto(double faces) {
            return detect + faces * (landmarks + embed);
        }

        double cpuPerPhoto(double faces) {
            return detectCpu + faces * (landmarksCpu + embedCpu);
        }

        private static float[] random(long[] shape) {
            int size = 1;
            for (long d : shape) {
                size *= (int) d;
            }
            float[] data = new float[size];
            Random random = new Random(1);
            for (int i = 0; i < size; i++) {
                data[i] = random.nextFloat() * 2 - 1;
            }
            return data;
        }
    }

    private static List<PipelineResult> report(String title, FacePipeline pipeline, List<byte[]> photos, int rounds, Floor floor)
            throws Exception {
        List<PipelineResult> results = new ArrayList<>();
        for (byte[] photo : photos) {
            results.add(pipeline.process(photo)); // warm-up, and the results for the accuracy figures
        }
        List<Sample> samples = timeSequential(pipeline, photos, rounds);
        double faces = samples.stream().mapToInt(Sample::faces).average().orElse(0);
        System.out.printf("%n%s, %.2f faces per photo%n", title, faces);
        System.out.printf("  stage medians (ms per photo): decode %.2f  detect %.2f  landmarks %.2f  align %.2f  embed %.2f  quality %.2f  thumbnail %.2f  | total %.2f%n",
                median(samples, s -> s.timings().decode()) / 1e6, median(samples, s -> s.timings().detect()) / 1e6,
                median(samples, s -> s.timings().landmarks()) / 1e6, median(samples, s -> s.timings().align()) / 1e6,
                median(samples, s -> s.timings().embed()) / 1e6, median(samples, s -> s.timings().quality()) / 1e6,
                median(samples, s -> s.timings().thumbnail()) / 1e6, median(samples, s -> s.timings().total()) / 1e6);
        double wall = median(samples, Sample::wallNanos);
        double cpu = median(samples, Sample::cpuNanos);
        double ratio = wall / floor.perPhoto(faces);
        double cpuRatio = cpu / floor.cpuPerPhoto(faces);
        System.out.printf("  median per photo %.2f ms wall, %.2f ms thread CPU; floor (detect + %.2f × (landmarks + embed)) %.2f ms wall, %.2f ms CPU%n",
                ms(wall), ms(cpu), faces, ms(floor.perPhoto(faces)), ms(floor.cpuPerPhoto(faces)));
        System.out.printf("  pipeline / floor: %.2f wall, %.2f CPU (target ≤ %.2f: %s by CPU, which other processes do not skew)%n",
                ratio, cpuRatio, TARGET_RATIO, cpuRatio <= TARGET_RATIO ? "met" : "MISSED");
        double single = samples.size() / seconds(samples);
        double two = throughput(pipeline, photos, rounds, 2);
        System.out.printf("  photos/s: 1 worker %.1f, 2 workers %.1f (%.2f×)%s%n", single, two, two / single,
                faces <= 1.01 ? String.format(" (target ≥ %.0f with 2 workers%s)", TARGET_PORTRAITS_PER_SECOND,
                        two >= TARGET_PORTRAITS_PER_SECOND ? ", met" : ", MISSED") : "");
        return results;
    }

    private static List<Sample> timeSequential(FacePipeline pipeline, List<byte[]> photos, int rounds) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (byte[] photo : photos) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                PipelineResult result = pipeline.process(photo);
                long wall = System.nanoTime() - start;
                samples.add(new Sample(result.timings(), wall, THREADS.getCurrentThreadCpuTime() - cpu, result.faces().size()));
            }
        }
        return samples;
    }

    /** Photos per second with {@code workers} threads sharing the pipeline. */
    private static double throughput(FacePipeline pipeline, List<byte[]> photos, int rounds, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<PipelineResult>> futures = new ArrayList<>();
            for (byte[] photo : photos.subList(0, Math.min(workers * 2, photos.size()))) {
                futures.add(pool.submit(() -> pipeline.process(photo))); // warm every worker's predictors
            }
            for (Future<PipelineResult> f : futures) {
                f.get();
            }
            futures.clear();
            long start = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (byte[] photo : photos) {
                    futures.add(pool.submit(() -> pipeline.process(photo)));
                }
            }
            for (Future<PipelineResult> f : futures) {
                f.get();
            }
            return futures.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void accuracy(List<TestPhotos.Labelled> labelled, List<PipelineResult> results) {
        List<FaceMetrics.Labelled> faces = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            String identity = labelled.get(i).identity();
            results.get(i).faces().stream().max(Comparator.comparingInt(Face::size))
                    .ifPresent(face -> faces.add(new FaceMetrics.Labelled(identity, face.embedding())));
        }
        FaceMetrics m = new FaceMetrics(faces);
        FaceMetrics.Threshold best = m.bestThreshold();
        System.out.printf("%naccuracy on shared/data/faces (%d photos, %d identities; largest face per photo; Euclidean between unit vectors)%n",
                labelled.size(), labelled.stream().map(TestPhotos.Labelled::identity).distinct().count());
        System.out.printf("  detection rate %.3f (%d/%d)%n", (double) faces.size() / labelled.size(), faces.size(), labelled.size());
        System.out.printf("  pairs: %d same, %d different; ROC AUC %.5f%n", m.samePairs(), m.differentPairs(), m.auc());
        System.out.printf("  TAR %.4f at FAR 1e-2, %.4f at FAR 1e-3%n", m.tarAtFar(1e-2), m.tarAtFar(1e-3));
        System.out.printf("  leave-one-out rank-1 identification %.4f%n", m.rank1());
        System.out.printf("  best threshold: same person when distance < %.3f (cosine > %.3f): TAR %.4f, FAR %.4f, accuracy %.4f%n",
                best.distance(), 1 - best.distance() * best.distance() / 2, best.tar(), best.far(), best.accuracy());
    }

    private static double median(List<Sample> samples, ToLongFunction<Sample> value) {
        DescriptiveStatistics stats = new DescriptiveStatistics();
        samples.forEach(s -> stats.addValue(value.applyAsLong(s)));
        return stats.getPercentile(50);
    }

    private static double seconds(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::wallNanos).sum() / 1e9;
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
