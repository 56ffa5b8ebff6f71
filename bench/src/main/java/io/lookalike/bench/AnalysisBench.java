package io.lookalike.bench;

import io.lookalike.analysis.config.AnalysisConfig;
import io.lookalike.analysis.query.AverageFace;
import io.lookalike.analysis.query.KnnPlanner;
import io.lookalike.analysis.query.Members;
import io.lookalike.analysis.query.Neighbours;
import io.lookalike.analysis.query.Neighbours.Filter;
import io.lookalike.analysis.query.PairRanking;
import io.lookalike.analysis.query.Ranked;
import io.lookalike.analysis.query.RankedPair;
import io.lookalike.analysis.query.Scan;
import io.lookalike.analysis.query.Scope;
import io.lookalike.analysis.query.Sql;
import io.lookalike.analysis.query.Vectors;
import io.lookalike.analysis.service.MemberVectors;
import io.lookalike.analysis.service.NeighbourLists;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@code ./lookalike bench analysis}: analysis-service's own query classes (the code behind its REST answers) on
 * synthetic clustered 512-D unit vectors in a database of their own ({@code lookalike_bench}, made from both
 * services' migrations). Sizes grow in steps (10 k, 100 k, 1 M faces by default); at each: bulk load, HNSW build,
 * k-NN latency and recall@10 of the index against the exact scan (everyone and one group), the average-face
 * ranking, and, while there are at most 10 k members, the most- and least-alike pairs by index and by exact scan.
 */
public final class AnalysisBench {
    static final String MODEL = "bench@1";
    static final int DIM = 512;
    static final int K = 10;

    /** Synthetic people: every face = its person's centre + noise, so same-person pairs lie near 1.0, others ~1.3. */
    record Person(String name, String group, float[] center) {
    }

    private final Options o;
    private final SplittableRandom random;
    private final List<Person> people = new ArrayList<>();
    private final float[] globalMean;
    private final float[][] groupDirections;
    private final AnalysisConfig config;
    private final BenchDataSource db;
    private long faces;

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench analysis: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return;
        }
        new AnalysisBench(o).run();
    }

    AnalysisBench(Options o) throws SQLException {
        this.o = o;
        this.random = new SplittableRandom(o.seed);
        this.globalMean = randomUnit(random);
        this.groupDirections = new float[o.groups][];
        for (int g = 0; g < o.groups; g++) {
            groupDirections[g] = randomUnit(random);
        }
        this.config = config(o.efSearch[0]);
        this.db = new BenchDataSource(o.jdbcBase + o.database, o.user, o.password);
    }

    private AnalysisConfig config(int efSearch) {
        return new BenchConfig(MODEL, efSearch, o.pairsEfSearch, o.parallelism);
    }

    void run() throws Exception {
        System.out.println("lookalike bench analysis: analysis-service's query classes on synthetic clustered 512-D unit vectors");
        System.out.printf("  database    %s%s (%s; --keep leaves it)%n", o.jdbcBase, o.database,
            o.reuse ? "reused: the data of an earlier --keep run with the same options" : "created afresh");
        System.out.printf("  data        %d photos per person, %d groups, seed %d; HNSW m=16 ef_construction=128, ef_search=%s"
            + " (pairs: %d, on %s connections)%n", o.photosPerPerson, o.groups, o.seed, Arrays.toString(o.efSearch), o.pairsEfSearch,
            o.parallelism > 0 ? o.parallelism : Runtime.getRuntime().availableProcessors() + "");
        System.out.printf("  queries     %d k-NN queries (k=%d) per size, %d of them also by exact scan (the baseline)%n",
            o.queries, K, o.exactQueries);
        System.out.printf("  machine     %d CPUs, java %s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
        if (!o.reuse) {
            createDatabase();
        }
        try {
            for (long size : o.sizes) {
                System.out.printf("%n== %,d faces ==%n", size);
                grow(size);
                knn();
                averageFace();
                if (people.size() <= o.maxPairMembers) { // (reused data: the people are read from embed.face)
                    members();
                    pairs();
                } else {
                    System.out.printf("  pairs        skipped: %,d members > --max-pair-members %,d%n", people.size(), o.maxPairMembers);
                }
                System.out.printf("  sizes        table %s, face index %s%n", relationSize("embed.face"),
                    relationSize("embed.face_embedding_hnsw"));
            }
        } finally {
            if (!o.keep) {
                dropDatabase();
            }
        }
    }

    // ---- data ------------------------------------------------------------------------------------------------

    private void createDatabase() throws Exception {
        dropDatabase();
        try (Connection admin = DriverManager.getConnection(o.jdbcBase + o.adminDatabase, o.user, o.password);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + o.database);
        }
        try (Connection c = db.raw(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector; CREATE SCHEMA embed; CREATE SCHEMA analysis");
            // the services' own migrations, so the tables and indexes are the ones production has
            for (String service : List.of("embed-service", "analysis-service")) {
                for (Path sql : migrations(o.root.resolve(service + "/src/main/resources/db/migration"))) {
                    s.execute(Files.readString(sql));
                }
            }
        }
    }

    /** V1__…, V2__…, in version order (as Flyway applies them). */
    private static List<Path> migrations(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("V[0-9]+__.*\\.sql"))
                .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().split("__")[0].substring(1))))
                .toList();
        }
    }

    private void dropDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(o.jdbcBase + o.adminDatabase, o.user, o.password);
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + o.database + " WITH (FORCE)");
        }
    }

    /** Adds people and their faces up to {@code size} faces: index dropped, binary COPY, index rebuilt (timed). */
    private void grow(long size) throws Exception {
        if (o.reuse) { // the people come from the kept database; their centres are read when a query needs one
            if (people.isEmpty()) {
                try (Connection c = db.raw(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT member, min(group_name) FROM embed.face WHERE model_id = '"
                         + MODEL + "' GROUP BY member ORDER BY member")) {
                    while (rs.next()) {
                        people.add(new Person(rs.getString(1), rs.getString(2), null));
                    }
                }
                faces = count("embed.face");
            }
            System.out.printf("  load         reused: %,d faces (%,d people) in the database%n", faces, people.size());
            return;
        }
        try (Connection c = db.raw(); Statement s = c.createStatement()) {
            s.execute("DROP INDEX IF EXISTS embed.face_embedding_hnsw");
        }
        long t0 = System.nanoTime();
        long added = 0;
        try (Connection c = db.raw()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY embed.face (photo_id, face_index, "
                + "model_id, member, group_name, box_x, box_y, box_width, box_height, image_width, image_height, landmarks,"
                + " detection_score, size, quality, sharpness, embedding) FROM STDIN (FORMAT binary)");
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeBytes("PGCOPY\n\377\r\n\0");
            out.writeInt(0);
            out.writeInt(0);
            while (faces < size) {
                Person p = newPerson();
                for (int i = 0; i < o.photosPerPerson && faces < size; i++, faces++, added++) {
                    writeFace(out, p, face(p.center()));
                }
                if (buffer.size() > (1 << 20)) {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            out.writeShort(-1);
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            copy.endCopy();
        }
        double load = seconds(t0);
        System.out.printf("  load         %,d faces (%,d people) in %.1f s: %,.0f faces/s (binary COPY)%n", added,
            people.size(), load, added / load);
        try (Connection c = db.raw(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '" + o.maintenanceWorkMem + "'");
            s.execute("SET max_parallel_maintenance_workers = " + Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
            long t1 = System.nanoTime();
            try (Progress progress = new Progress()) {
                // the index of embed-service's latest migration (V4: half-precision copies)
                s.execute("CREATE INDEX face_embedding_hnsw ON embed.face USING hnsw ((embedding::halfvec(512)) halfvec_cosine_ops)"
                    + " WITH (m = 16, ef_construction = 128)");
            }
            double build = seconds(t1);
            System.out.printf("  index build  HNSW over %,d faces in %.1f s (%,.0f faces/s)%n", faces, build, faces / build);
            s.execute("VACUUM ANALYZE embed.face");
        }
    }

    private Person newPerson() {
        int g = people.size() % o.groups;
        // persons share a global "face" direction and a little of their group's: an average face exists
        double[] v = new double[DIM];
        float[] r = randomUnit(random);
        for (int i = 0; i < DIM; i++) {
            v[i] = 0.45 * globalMean[i] + 0.25 * groupDirections[g][i] + r[i];
        }
        Person p = new Person("p%07d".formatted(people.size()), "g%02d".formatted(g), unit(v));
        people.add(p);
        return p;
    }

    /** A photo of the person: centre plus Gaussian noise of length ~0.75, normalised (same-person d ≈ 0.9). */
    private float[] face(float[] center) {
        double sigma = 0.75 / Math.sqrt(DIM);
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = center[i] + sigma * random.nextGaussian();
        }
        return unit(v);
    }

    /** A person's centre: generated, or (reused database) the normalised mean of the person's faces. */
    private float[] center(Person p) throws Exception {
        if (p.center() != null) {
            return p.center();
        }
        return db.inTransaction(c -> io.lookalike.analysis.query.Sql.one(c,
            "SELECT l2_normalize(avg(embedding))::text FROM embed.face WHERE model_id = ? AND member = ?",
            rs -> io.lookalike.analysis.query.Vectors.parse(rs.getString(1)), MODEL, p.name()));
    }

    private void writeFace(DataOutputStream out, Person p, float[] v) throws IOException {
        UUID photo = new UUID(random.nextLong(), random.nextLong());
        out.writeShort(17);
        out.writeInt(16);
        out.writeLong(photo.getMostSignificantBits());
        out.writeLong(photo.getLeastSignificantBits());
        int4(out, 0);
        text(out, MODEL);
        text(out, p.name());
        text(out, p.group());
        for (int x : new int[] {10, 20, 100, 120, 640, 480}) {
            int4(out, x);
        }
        out.writeInt(12); // an empty real[]: ndim 0, no nulls, element type float4
        out.writeInt(0);
        out.writeInt(0);
        out.writeInt(700);
        float4(out, 0.99f);
        int4(out, 120);
        float4(out, 0.8f);
        float4(out, 0.5f);
        out.writeInt(4 + 4 * DIM); // pgvector's binary form: dim, unused, floats
        out.writeShort(DIM);
        out.writeShort(0);
        for (float x : v) {
            out.writeFloat(x);
        }
    }

    // ---- measurements ----------------------------------------------------------------------------------------

    /**
     * Per-face k-NN of new photos of known people, everyone and one group: the exact scan once (the truth and the
     * baseline), then the index at each ef_search.
     */
    private void knn() throws Exception {
        List<float[]> queries = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int q = 0; q < o.queries; q++) {
            Person p = people.get(random.nextInt(people.size()));
            queries.add(face(center(p)));
            groups.add(p.group());
        }
        for (boolean filtered : new boolean[] {false, true}) {
            Neighbours exactScan = new Neighbours(new KnnPlanner(config), config);
            double[] exact = new double[Math.min(o.exactQueries, queries.size())];
            List<Set<Long>> truth = new ArrayList<>();
            for (int q = 0; q < exact.length; q++) {
                int i = q;
                long t = System.nanoTime();
                truth.add(ids(db.inTransaction(c -> exactScan.nearest(c, Scope.FACE, queries.get(i), queries.get(i),
                    filter(filtered, groups.get(i)), K, Scan.EXACT))));
                exact[q] = millis(t);
            }
            String what = filtered ? "k-NN group" : "k-NN all";
            System.out.printf("  %-12s exact scan (baseline) p50 %8.2f ms  p99 %8.2f ms%n", what, pct(exact, 50), pct(exact, 99));
            for (int ef : o.efSearch) {
                AnalysisConfig withEf = config(ef);
                Neighbours neighbours = new Neighbours(new KnnPlanner(withEf), withEf);
                for (int w = 0; w < Math.min(20, queries.size()); w++) { // warm the index pages and the JIT
                    int q = w;
                    db.inTransaction(c -> neighbours.nearest(c, Scope.FACE, queries.get(q), queries.get(q),
                        filter(filtered, groups.get(q)), K, Scan.INDEX));
                }
                double[] index = new double[queries.size()];
                double hits = 0;
                for (int q = 0; q < queries.size(); q++) {
                    int i = q;
                    long t = System.nanoTime();
                    List<Ranked> r = db.inTransaction(c -> neighbours.nearest(c, Scope.FACE, queries.get(i),
                        queries.get(i), filter(filtered, groups.get(i)), K, Scan.INDEX));
                    index[q] = millis(t);
                    if (q < truth.size()) {
                        Set<Long> found = ids(r);
                        found.retainAll(truth.get(q));
                        hits += found.size() / (double) truth.get(q).size();
                    }
                }
                System.out.printf("  %-12s index ef_search %3d  p50 %6.2f ms  p99 %6.2f ms | %5.0f× faster than exact,"
                    + " recall@10 %.3f%n", "", ef, pct(index, 50), pct(index, 99), pct(exact, 50) / pct(index, 50),
                    hits / truth.size());
            }
        }
    }

    private void averageFace() throws Exception {
        AverageFace average = new AverageFace(db, new Members(db, config), new Neighbours(new KnnPlanner(config), config), config);
        double[] closest = repeat(5, () -> average.closest(Scope.FACE, null, K, Scan.AUTO));
        double[] farthest = repeat(5, () -> average.farthest(Scope.FACE, null, K, Scan.AUTO));
        System.out.printf("  average face per face: closest 10 p50 %.0f ms, farthest 10 p50 %.0f ms (avg(vector) over"
            + " every face + one k-NN)%n", pct(closest, 50), pct(farthest, 50));
    }

    private void members() throws Exception {
        if (o.reuse && count("analysis.member") > 0) {
            System.out.printf("  members      reused: %,d member vectors in the database%n", count("analysis.member"));
            return;
        }
        MemberVectors vectors = new MemberVectors(db, config);
        long t = System.nanoTime();
        MemberVectors.Change change = vectors.recomputeAll();
        System.out.printf("  members      %,d member vectors recomputed from the faces in %.1f s (%,d changed)%n",
            people.size(), seconds(t), change.changed().size());
        try (Connection c = db.raw(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE analysis.member");
        }
    }

    /**
     * Top-10 most- and least-alike member pairs: read from the kept neighbour lists (the default), by per-member
     * k-NN through the index, and by exact scans (the baseline); then the cost of keeping the lists as members move.
     */
    private void pairs() throws Exception {
        PairRanking ranking = new PairRanking(db, new Members(db, config), new KnnPlanner(config), config);
        AverageFace average = new AverageFace(db, new Members(db, config), new Neighbours(new KnnPlanner(config), config), config);
        int members = people.size();
        double[] closest = repeat(5, () -> average.closest(Scope.MEMBER, null, K, Scan.AUTO));
        System.out.printf("  average face per member: closest 10 of %,d members p50 %.1f ms%n", members, pct(closest, 50));
        NeighbourLists lists = new NeighbourLists(db, config);
        long t = System.nanoTime();
        int built = lists.update();
        if (built == 0) {
            System.out.printf("  neighbour lists reused: current for all %,d members%n", members);
        } else {
            System.out.printf("  neighbour lists built for %,d members in %.1f s (%d nearest + %d farthest each; one exact"
                + " scan a member)%n", built, seconds(t), config.pairs().neighbours(), config.pairs().neighbours());
        }
        rankPairs(ranking, members, false);
        rankPairs(ranking, members, true);

        // members move (a new photo shifts a mean): each flagged member is one exact scan plus its lists' updates
        double[] move = new double[30];
        for (int i = 0; i < move.length; i++) {
            Person p = people.get(random.nextInt(people.size()));
            try (Connection c = db.raw()) {
                Sql.update(c, "UPDATE analysis.member SET vector = l2_normalize(vector + CAST(? AS vector)),"
                    + " neighbours_moved = true WHERE model_id = ? AND name = ?", Vectors.literal(noise(0.6)), MODEL, p.name());
            }
            t = System.nanoTime();
            lists.update();
            move[i] = millis(t);
        }
        long most = agreeing(ranking, false);
        long least = agreeing(ranking, true);
        System.out.printf("  a member moves: its lists and the lists it enters or leaves updated in p50 %.1f ms (max %.1f ms,"
            + " %d moves); then the lists still give %d and %d of the 10 exact most- and least-alike pairs%n",
            pct(move, 50), pct(move, 100), move.length, most, least);
    }

    /** How many of the lists' top-10 pairs an exact scan ranks top 10 too. */
    private static long agreeing(PairRanking ranking, boolean least) throws SQLException {
        Set<String> exact = pairKeys((least ? ranking.leastAlike(Scope.MEMBER, null, K, Scan.EXACT)
            : ranking.mostAlike(Scope.MEMBER, null, K, Scan.EXACT)).pairs());
        Set<String> lists = pairKeys((least ? ranking.leastAlike(Scope.MEMBER, null, K, Scan.AUTO)
            : ranking.mostAlike(Scope.MEMBER, null, K, Scan.AUTO)).pairs());
        return lists.stream().filter(exact::contains).count();
    }

    /** One order: read from the lists (p50), by index searches (p50), by exact scans (once, the baseline). */
    private void rankPairs(PairRanking ranking, int members, boolean least) throws Exception {
        String what = least ? "least-alike" : "most-alike";
        Callable<PairRanking.Result> byLists = () -> least ? ranking.leastAlike(Scope.MEMBER, null, K, Scan.AUTO)
            : ranking.mostAlike(Scope.MEMBER, null, K, Scan.AUTO);
        Callable<PairRanking.Result> byIndex = () -> least ? ranking.leastAlike(Scope.MEMBER, null, K, Scan.INDEX)
            : ranking.mostAlike(Scope.MEMBER, null, K, Scan.INDEX);
        Callable<PairRanking.Result> byScan = () -> least ? ranking.leastAlike(Scope.MEMBER, null, K, Scan.EXACT)
            : ranking.mostAlike(Scope.MEMBER, null, K, Scan.EXACT);
        PairRanking.Result listed = byLists.call(); // warm-up
        if (!listed.from().equals("neighbour-lists")) {
            throw new IllegalStateException(what + " did not read the neighbour lists: " + listed.from());
        }
        double[] fromLists = repeat(5, byLists);
        byIndex.call();
        double[] index = repeat(3, byIndex);
        long t = System.nanoTime();
        Set<String> exact = pairKeys(byScan.call().pairs());
        double scans = millis(t);
        Set<String> lists = pairKeys(listed.pairs());
        Set<String> indexed = pairKeys(byIndex.call().pairs());
        System.out.printf("  %-12s top 10 of %,d members: lists p50 %6.1f ms (%d of 10 exact) | index searches p50 %7.0f ms"
                + " (%d of 10) | exact scans %8.0f ms | lists %,.0f× faster than exact scans%n", what, members,
            pct(fromLists, 50), lists.stream().filter(exact::contains).count(), pct(index, 50),
            indexed.stream().filter(exact::contains).count(), scans, scans / pct(fromLists, 50));
    }

    private float[] noise(double length) {
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextGaussian() * length / Math.sqrt(DIM);
        }
        float[] f = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Filter filter(boolean filtered, String group) {
        return filtered ? new Filter(group, null) : Filter.EVERYONE;
    }

    private static Set<Long> ids(List<Ranked> ranked) {
        Set<Long> ids = new HashSet<>();
        ranked.forEach(r -> ids.add(r.subject().faceId()));
        return ids;
    }

    private static Set<String> pairKeys(List<RankedPair> pairs) {
        Set<String> keys = new HashSet<>();
        for (RankedPair p : pairs) {
            String a = p.a().member();
            String b = p.b().member();
            keys.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
        }
        return keys;
    }

    private static double[] repeat(int times, Callable<?> body) throws Exception {
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            body.call();
            ms[i] = millis(t);
        }
        return ms;
    }

    private long count(String table) throws SQLException {
        try (Connection c = db.raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String relationSize(String relation) throws SQLException {
        try (Connection c = db.raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_relation_size('" + relation + "'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Prints the index build's progress (pg_stat_progress_create_index) every 15 s while it runs. */
    private final class Progress implements AutoCloseable {
        private final Thread thread;

        Progress() {
            thread = new Thread(() -> {
                try (Connection c = db.raw(); Statement s = c.createStatement()) {
                    long start = System.nanoTime();
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(15_000);
                        try (ResultSet rs = s.executeQuery("SELECT phase, tuples_done FROM "
                            + "pg_stat_progress_create_index WHERE datname = current_database()")) {
                            if (rs.next()) {
                                // pgvector counts tuples done, not the total
                                System.out.printf("               … %s: %,d faces after %.0f s%n", rs.getString(1),
                                    rs.getLong(2), seconds(start));
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (SQLException e) {
                    // progress is a courtesy
                }
            }, "index-progress");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    static float[] randomUnit(SplittableRandom random) {
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextGaussian();
        }
        return unit(v);
    }

    static float[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] / n);
        }
        return f;
    }

    private static void int4(DataOutputStream out, int v) throws IOException {
        out.writeInt(4);
        out.writeInt(v);
    }

    private static void float4(DataOutputStream out, float v) throws IOException {
        out.writeInt(4);
        out.writeFloat(v);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static double pct(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double millis(long t) {
        return (System.nanoTime() - t) / 1e6;
    }

    private static double seconds(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    static final class Options {
        static final String USAGE = """
            usage: bench/run.sh analysis [--sizes 10000,100000,1000000] [--photos-per-person 10] [--groups 20]
                                         [--queries 200] [--exact-queries 50] [--ef-search 64[,128,…]] [--pairs-ef-search 40]
                                         [--parallelism CPUs] [--max-pair-members 10000]
                                         [--maintenance-work-mem 4GB] [--seed 1] [--keep] [--reuse]
                                         [--jdbc jdbc:postgresql://127.0.0.1:5432/] [--user lookalike] [--password …]
              Sizes are total faces, reached in steps; members = faces / photos-per-person. --keep leaves the
              database; --reuse measures again on a kept one (same options, nothing loaded or built).""";

        long[] sizes = {10_000, 100_000, 1_000_000};
        int photosPerPerson = 10;
        int groups = 20;
        int queries = 200;
        int exactQueries = 50;
        int[] efSearch = {64};
        boolean reuse;
        int pairsEfSearch = 40;
        int parallelism = 0;
        int maxPairMembers = 10_000;
        String maintenanceWorkMem = "4GB";
        long seed = 1;
        boolean keep;
        boolean help;
        String jdbcBase = "jdbc:postgresql://" + env("LOOKALIKE_PG_HOST", "127.0.0.1") + ":"
            + env("LOOKALIKE_PG_PORT", "5432") + "/";
        String user = "lookalike";
        String password = env("LOOKALIKE_DB_PASSWORD", "lookalike");
        String database = "lookalike_bench";
        String adminDatabase = "lookalike";
        Path root = Path.of(System.getProperty("lookalike.root", "."));

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> o.help = true;
                    case "--keep" -> o.keep = true;
                    case "--reuse" -> o.reuse = o.keep = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("unknown option or missing value: " + a);
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--sizes" -> o.sizes = Arrays.stream(v.split(",")).mapToLong(s -> number(s.trim(), a)).sorted().toArray();
                            case "--photos-per-person" -> o.photosPerPerson = (int) number(v, a);
                            case "--groups" -> o.groups = (int) number(v, a);
                            case "--queries" -> o.queries = (int) number(v, a);
                            case "--exact-queries" -> o.exactQueries = (int) number(v, a);
                            case "--ef-search" -> o.efSearch = Arrays.stream(v.split(",")).mapToInt(e -> (int) number(e.trim(), a)).toArray();
                            case "--pairs-ef-search" -> o.pairsEfSearch = (int) number(v, a);
                            case "--parallelism" -> o.parallelism = (int) number(v, a);
                            case "--max-pair-members" -> o.maxPairMembers = (int) number(v, a);
                            case "--maintenance-work-mem" -> o.maintenanceWorkMem = v.toUpperCase(Locale.ROOT);
                            case "--seed" -> o.seed = number(v, a);
                            case "--jdbc" -> o.jdbcBase = v.endsWith("/") ? v : v + "/";
                            case "--user" -> o.user = v;
                            case "--password" -> o.password = v;
                            default -> throw new IllegalArgumentException("unknown option: " + a);
                        }
                    }
                }
            }
            if (!o.maintenanceWorkMem.matches("[0-9]+(KB|MB|GB)")) {
                throw new IllegalArgumentException("--maintenance-work-mem must look like 512MB or 4GB");
            }
            return o;
        }

        private static long number(String v, String option) {
            try {
                long n = Long.parseLong(v.replace("_", ""));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " takes a positive whole number, not '" + v + "'");
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
