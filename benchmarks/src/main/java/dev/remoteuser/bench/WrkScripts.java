package dev.remoteuser.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the wrk Lua scripts of the load benchmark: each request draws a user from a pool of 1 or 10,000 and sends
 * either the proxy's headers ({@code Remote-User}, {@code Remote-Groups: g1,g3}) or BASIC credentials.
 *
 * <p>Usage: {@code WrkScripts DIR}.
 */
public final class WrkScripts {

    private WrkScripts() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (int pool : new int[] {1, LoadServers.USERS}) {
            Files.writeString(dir.resolve("headers-" + pool + ".lua"), """
                    local n = %d
                    request = function()
                      local i = math.random(1, n)
                      return wrk.format("GET", "/", {["Remote-User"] = "user" .. i, ["Remote-Groups"] = "g1,g3"})
                    end
                    """.formatted(pool));
            StringBuilder basic = new StringBuilder("local auth = {\n");
            for (int i = 1; i <= pool; i++) {
                basic.append("  \"Basic ").append(Base64.getEncoder().encodeToString(("user" + i + ":pw")
                        .getBytes(StandardCharsets.UTF_8))).append("\",\n");
            }
            basic.append("""
                    }
                    request = function()
                      return wrk.format("GET", "/", {["Authorization"] = auth[math.random(1, #auth)]})
                    end
                    """);
            Files.writeString(dir.resolve("basic-" + pool + ".lua"), basic);
        }
    }
}
