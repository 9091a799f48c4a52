package io.dorisops.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.internal.Durations;
import io.dorisops.internal.Excerpt;
import io.dorisops.spi.ConfigItem;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A BE's or CN's running config over its HTTP port ({@code docs/config.md} §3): Doris {@code GET
 * /api/show_config}, a JSON array of {@code [name, type, value, mutable]}; StarRocks {@code GET /varz},
 * {@code name=value} lines in a {@code <pre>} block (no type, no mutability).
 */
final class BackendConfigHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final Flavor flavor;
    private final OkHttpClient client;

    BackendConfigHttp(Flavor flavor, Duration timeout) {
        this.flavor = flavor;
        Duration capped = Duration.ofMillis(Durations.intMillis(timeout));
        this.client = new OkHttpClient.Builder()
                .followRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .connectTimeout(capped)
                .readTimeout(capped)
                .callTimeout(capped)
                .build();
    }

    /**
     * The node's config rows.
     *
     * @throws DorisOpsException naming the node, the URL and what it answered
     */
    List<ConfigItem> read(Node node) {
        String path = flavor == Flavor.DORIS ? "/api/show_config" : "/varz";
        HttpUrl url = new HttpUrl.Builder()
                .scheme("http")
                .host(node.host())
                .port(node.ports().httpPort())
                .encodedPath(path)
                .build();
        String body;
        try (Response response =
                client.newCall(new Request.Builder().url(url).build()).execute()) {
            body = response.peekBody(MAX_BODY_BYTES).string();
            if (response.code() != 200) {
                throw refused(node, url, "HTTP " + response.code() + " " + Excerpt.quote(body));
            }
        } catch (IOException e) {
            throw refused(node, url, String.valueOf(e.getMessage()));
        }
        return flavor == Flavor.DORIS ? showConfig(node, url, body) : varz(body);
    }

    private static List<ConfigItem> showConfig(Node node, HttpUrl url, String body) {
        JsonNode rows;
        try {
            rows = JSON.readTree(body);
        } catch (IOException e) {
            throw refused(node, url, "not JSON: " + Excerpt.quote(body));
        }
        if (rows == null || !rows.isArray()) {
            throw refused(node, url, "not a JSON array: " + Excerpt.quote(body));
        }
        List<ConfigItem> items = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.isArray() && row.size() >= 3) {
                items.add(new ConfigItem(
                        row.get(0).asText(),
                        row.get(2).asText(),
                        row.get(1).asText(),
                        row.size() > 3 && row.get(3).asText().equals("true"),
                        Optional.empty()));
            }
        }
        return items;
    }

    static List<ConfigItem> varz(String body) {
        int start = body.indexOf("<pre>");
        int end = body.indexOf("</pre>", Math.max(start, 0));
        String text = start >= 0 && end > start ? body.substring(start + 5, end) : body;
        List<ConfigItem> items = new ArrayList<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                items.add(new ConfigItem(
                        line.substring(0, eq).strip(), line.substring(eq + 1).strip(), "", false, Optional.empty()));
            }
        }
        return items;
    }

    private static DorisOpsException refused(Node node, HttpUrl url, String seen) {
        return new DorisOpsException(DorisOpsException.message(
                node.label(),
                "cannot read its running config from " + url,
                "",
                seen,
                "Check that the node runs and its HTTP port is reachable from here."));
    }
}
