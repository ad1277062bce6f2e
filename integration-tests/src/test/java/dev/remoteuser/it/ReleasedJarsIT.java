package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The jars an operator installs carry the licence and the notice (the notice naming the relocated Nimbus JOSE+JWT
 * in the JWT jar): the released artifacts themselves, and the jars inside the jetty-base zip.
 */
class ReleasedJarsIT {

    @Test
    void everyReleasedJarCarriesTheLicenceAndTheNotice() throws IOException {
        Map<String, byte[]> jars = new LinkedHashMap<>();
        for (String name : List.of("remote-user-auth-core.jar", "remote-user-auth-tomcat.jar",
                "remote-user-auth-jwt.jar")) {
            jars.put(name, Files.readAllBytes(Fixtures.ARTIFACTS.resolve(name)));
        }
        try (ZipFile base = new ZipFile(Fixtures.ARTIFACTS.resolve("remote-user-auth-jetty-jetty-base.zip").toFile())) {
            for (ZipEntry entry : java.util.Collections.list(base.entries())) {
                if (entry.getName().endsWith(".jar")) {
                    try (InputStream in = base.getInputStream(entry)) {
                        jars.put("jetty-base/" + entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        assertTrue(jars.keySet().stream().anyMatch(name -> name.startsWith("jetty-base/")), jars.keySet().toString());
        List<String> missing = new ArrayList<>();
        jars.forEach((name, bytes) -> {
            Map<String, String> meta = metaInf(bytes);
            String licence = meta.get("META-INF/LICENSE");
            String notice = meta.get("META-INF/NOTICE");
            if (licence == null || !licence.strip().startsWith("Apache License") || notice == null) {
                missing.add(name);
            } else if (name.contains("jwt")) {
                assertTrue(notice.contains("Nimbus JOSE + JWT"), name + ": " + notice);
            }
        });
        assertTrue(missing.isEmpty(), "without LICENSE or NOTICE: " + missing);
        assertFalse(Files.readString(Path.of("..", "LICENSE")).isBlank());
    }

    private static Map<String, String> metaInf(byte[] jar) {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("META-INF/LICENSE") || entry.getName().equals("META-INF/NOTICE")) {
                    files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }
}
