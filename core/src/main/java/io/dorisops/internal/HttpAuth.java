package io.dorisops.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP basic auth for a Doris FE with {@code enable_all_http_auth = true}: its {@code /api/bootstrap}
 * and {@code /api/health} then check a user and password first ({@code BootstrapFinishAction}: {@code
 * if (Config.enable_all_http_auth) { executeCheckPassword(request, response); }}) and refuse a request
 * without valid ones with HTTP 200 and {@code {"msg":"Unauthorized","code":401,"data":"Need auth
 * information.","count":0}} ({@code RestApiExceptionHandler.unauthorizedHandler} →
 * {@code ResponseEntityBuilder.unauthorized}, {@code ResponseEntity.status(HttpStatus.OK)}).
 */
public final class HttpAuth {
    private HttpAuth() {}

    /**
     * The {@code Authorization} header value for a user and password. It holds the password: send it,
     * never log or keep it.
     *
     * @throws io.dorisops.DorisOpsException when the password cannot be read (naming its source)
     */
    public static String basic(String user, Secret password) {
        String pair = user + ":" + password.reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** True when an FE answer is the refusal of a request without valid credentials ({@code code 401}). */
    public static boolean refused(JsonNode body) {
        return body != null
                && body.path("code").isIntegralNumber()
                && body.path("code").intValue() == 401;
    }
}
