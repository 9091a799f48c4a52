package io.dorisops.testkit.internal.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few S3 calls the sandbox makes (create a bucket, put, get, list, delete an object), path-style
 * over HTTP with AWS Signature Version 4, on the JDK's HTTP client: what a real FE and BE do through
 * the AWS SDK, small enough to read. A non-2xx answer is an {@link S3Exception} carrying the status
 * and the server's error code (never the credentials). Thread-safe.
 */
public final class S3Client {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>true</IsTruncated>");
    private static final Pattern NEXT = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final URI endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http;

    /** A client of {@code endpoint} (scheme, host and port) signing with these keys in {@code region}. */
    public S3Client(URI endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An S3 error answer, or the server unreachable (status 0). */
    public static final class S3Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        S3Exception(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, 0 when no answer came. */
        public int status() {
            return status;
        }
    }

    /** Creates the bucket; one that exists already is fine. */
    public void createBucket(String bucket) throws IOException {
        try {
            call("PUT", "/" + bucket, Map.of(), new byte[0]);
        } catch (S3Exception e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    /** Writes one object. */
    public void put(String bucket, String key, byte[] body) throws IOException {
        call("PUT", "/" + bucket + "/" + encodePath(key), Map.of(), body);
    }

    /** Reads one object; empty when it does not exist. */
    public Optional<byte[]> get(String bucket, String key) throws IOException {
        try {
            return Optional.of(call("GET", "/" + bucket + "/" + encodePath(key), Map.of(), null));
        } catch (S3Exception e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes one object (none there is fine). */
    public void delete(String bucket, String key) throws IOException {
        call("DELETE", "/" + bucket + "/" + encodePath(key), Map.of(), null);
    }

    /** The keys of the objects under {@code prefix}, in the server's (lexical) order. */
    public List<String> list(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            String xml = new String(call("GET", "/" + bucket, query, null), UTF_8);
            Matcher key = KEY.matcher(xml);
            while (key.find()) {
                String name = unescape(key.group(1));
                if (!name.endsWith("/")) { // a directory marker of a filesystem-backed server, not an object
                    keys.add(name);
                }
            }
            Matcher next = NEXT.matcher(xml);
            token = TRUNCATED.matcher(xml).find() && next.find() ? unescape(next.group(1)) : null;
        } while (token != null);
        return keys;
    }

    private byte[] call(String method, String path, Map<String, String> query, byte[] body) throws IOException {
        byte[] payload = body == null ? new byte[0] : body;
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String stamp = STAMP.format(now);
        String day = stamp.substring(0, 8);
        String payloadHash = hex(sha256(payload));
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        StringBuilder canonicalQuery = new StringBuilder();
        new TreeMap<>(query).forEach((k, v) -> canonicalQuery
                .append(canonicalQuery.length() == 0 ? "" : "&")
                .append(encode(k))
                .append('=')
                .append(encode(v)));
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonical = method + "\n" + path + "\n" + canonicalQuery + "\nhost:" + host
                + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + stamp + "\n\n" + signedHeaders + "\n"
                + payloadHash;
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        URI uri = URI.create(endpoint.getScheme() + "://" + host + path
                + (canonicalQuery.length() == 0 ? "" : "?" + canonicalQuery));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("x-amz-date", stamp)
                .header("x-amz-content-sha256", payloadHash)
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                                + ", Signature=" + signature)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3Exception(0, method + " " + path + ": interrupted");
        } catch (IOException e) {
            throw new S3Exception(0, method + " " + endpoint + path + ": no answer (" + e + ")");
        }
        if (response.statusCode() / 100 != 2) {
            Matcher code = CODE.matcher(new String(response.body(), UTF_8));
            throw new S3Exception(
                    response.statusCode(),
                    method + " " + path + ": HTTP " + response.statusCode() + (code.find() ? " " + code.group(1) : ""));
        }
        return response.body();
    }

    /** Each segment of a key URI-encoded, the slashes kept (SigV4's canonical URI). */
    private static String encodePath(String key) {
        return Arrays.stream(key.split("/", -1)).map(S3Client::encode).collect(Collectors.joining("/"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
