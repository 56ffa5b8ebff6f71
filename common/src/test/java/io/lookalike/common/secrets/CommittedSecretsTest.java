package io.lookalike.common.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No file in git holds a secret; and the scanner does find the secrets it is for. */
class CommittedSecretsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    final SecretScanner scanner = new SecretScanner();

    @Test
    void noCommittedFileLooksLikeItHoldsASecret() throws Exception {
        List<String> files = committedFiles();
        assumeTrue(files != null, "not a git checkout: nothing committed to scan");
        assertTrue(files.contains("README.md"), "the repository root is " + ROOT);
        List<SecretScanner.Finding> findings = new ArrayList<>();
        for (String file : files) {
            Path path = ROOT.resolve(file);
            if (Files.isRegularFile(path)) {
                String text = text(Files.readAllBytes(path));
                if (text != null) {
                    findings.addAll(scanner.scan(file, text));
                }
            }
        }
        assertEquals(List.of(), findings, "secrets in committed files: move them to the environment (README, Configuration)");
    }

    // samples are cut in two, so this file does not hold what it looks for
    @Test
    void theScannerFindsKeysTokensAndLiteralPasswordsButNotTheDocumentedDefaults() {
        assertEquals(1, scanner.scan("a.properties", "quarkus.datasource.password=hunter2").size());
        assertEquals(1, scanner.scan("docker-compose.yml", "  GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:-admin}").size());
        assertEquals(1, scanner.scan("x.sh", "LOOKALIKE_API_KEYS=3f9a0c1e77b2").size());
        assertEquals(1, scanner.scan("notes.md", "-----BEGIN RSA PRIVATE" + " KEY-----").size());
        assertEquals(1, scanner.scan("notes.md", "aws AKIA" + "IOSFODNN7EXAMPLE").size());
        assertEquals(1, scanner.scan("Client.java", "String token = \"wJalrXUtnFEMI/K7MDENG" + "/bPxRfiCYEXAMPLEKEY\";").size());

        assertEquals(List.of(), scanner.scan("a.properties", "quarkus.datasource.password=${LOOKALIKE_DB_PASSWORD:lookalike}"));
        assertEquals(List.of(), scanner.scan("a.properties", "lookalike.api-keys=${LOOKALIKE_API_KEYS:}"));
        assertEquals(List.of(), scanner.scan("a.properties", "%test.lookalike.api-keys=test-key,rotated-key"));
        assertEquals(List.of(), scanner.scan("c.yml", "  LOOKALIKE_API_KEYS: ${LOOKALIKE_API_KEYS:?set LOOKALIKE_API_KEYS}"));
        assertEquals(List.of(), scanner.scan("x.sh", "KEY=${LOOKALIKE_API_KEY:-$(\"$L/services.sh\" api-key)}"));
        assertEquals(List.of(), scanner.scan("x.sh", "if [[ -z ${LOOKALIKE_API_KEY:-} ]]; then"));
        assertEquals(1, scanner.scan("x.sh", "if [[ -z ${LOOKALIKE_API_KEY:-0a9f3c} ]]; then").size());
        assertEquals(List.of(), scanner.scan("m.properties",
            "lookalike.models.embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"));
        assertEquals(List.of(), scanner.scan("T.java", "void anErasedFaceIs404Also" + "ToABrowserHoldingItsThumbnail() {"));
    }

    /** The files git tracks, relative to the root; null where git or the checkout is missing. */
    private static List<String> committedFiles() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return git.waitFor() == 0 ? List.of(out.split("\0")) : null;
        } catch (IOException noGit) {
            return null;
        }
    }

    /** The file as text, or null for a binary one (not UTF-8, or with NUL bytes). */
    private static String text(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? null : text;
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
