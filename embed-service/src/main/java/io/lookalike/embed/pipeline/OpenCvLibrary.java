package io.lookalike.embed.pipeline;

/** Loads OpenCV's native library (bundled in the openpnp jar) once per JVM. */
final class OpenCvLibrary {

    private OpenCvLibrary() {
    }

    static void load() {
        Holder.touch();
    }

    private static final class Holder {
        static {
            nu.pattern.OpenCV.loadLocally();
            org.opencv.core.Core.setNumThreads(Integer.getInteger("cvthreads", 1));
        }

        static void touch() {
        }
    }
}
