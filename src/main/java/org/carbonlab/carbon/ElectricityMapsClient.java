package org.carbonlab.carbon;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client for the Electricity Maps API (v3): latest, history (past 24 h) and forecast carbon intensity of a
 * zone. The token comes from {@value #TOKEN_ENV} and is sent only as the {@code auth-token} header: it is never
 * printed, logged, or put in an exception message or a result.
 */
public final class ElectricityMapsClient {

    /** The environment variable holding the API token. */
    public static final String TOKEN_ENV = "CARBONLAB_ELECTRICITYMAPS_TOKEN";
    /** The environment variable that points the client at another base URL (a proxy, a test server). */
    public static final String URL_ENV = "CARBONLAB_ELECTRICITYMAPS_URL";
    /** The public API. */
    public static final URI DEFAULT_BASE = URI.create("https://api.electricitymap.org/v3/");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A failed call; the message says what failed, never the token. */
    public static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;

        ApiException(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /** Creates a client for {@code base} (a local server in tests). */
    public ElectricityMapsClient(URI base, String token, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Returns a client for the public API if the environment holds a token. */
    public static Optional<ElectricityMapsClient> fromEnvironment(Map<String, String> env) {
        String t = env.get(TOKEN_ENV);
        String url = env.get(URL_ENV);
        return t == null || t.isBlank() ? Optional.empty()
                : Optional.of(new ElectricityMapsClient(url == null || url.isBlank() ? DEFAULT_BASE : URI.create(url),
                        t.trim(), Duration.ofSeconds(10)));
    }

    /** Returns the zone's latest carbon intensity. */
    public CarbonIntensity latest(String zone) throws ApiException {
        JsonNode body = get("carbon-intensity/latest", zone);
        return intensity(body, zone, "latest");
    }

    /** Returns the zone's past 24 hours. */
    public IntensitySeries history(String zone) throws ApiException {
        return series(get("carbon-intensity/history", zone), "history", zone);
    }

    /** Returns the zone's forecast. */
    public IntensitySeries forecast(String zone) throws ApiException {
        return series(get("carbon-intensity/forecast", zone), "forecast", zone);
    }

    private JsonNode get(String path, String zone) throws ApiException {
        URI uri = base.resolve(path + "?zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).header("auth-token", token).GET().build();
        String where = "Electricity Maps " + path + " for " + zone;
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ApiException(where + ": no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new ApiException(where + ": " + e.getClass().getSimpleName() + " (" + scrub(e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(where + ": interrupted");
        }
        int code = resp.statusCode();
        if (code == 401 || code == 403) {
            throw new ApiException(where + ": HTTP " + code + " (token rejected: check " + TOKEN_ENV + ")");
        }
        if (code == 429) {
            throw new ApiException(where + ": HTTP 429 (rate limited: retry later)");
        }
        if (code != 200) {
            throw new ApiException(where + ": HTTP " + code);
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new ApiException(where + ": malformed body (not JSON)");
        }
    }

    private String scrub(String text) {
        return text == null ? "" : text.replace(token, "***");
    }

    private static CarbonIntensity intensity(JsonNode node, String zone, String what) throws ApiException {
        JsonNode ci = node.get("carbonIntensity");
        JsonNode dt = node.get("datetime");
        if (ci == null || !ci.isNumber() || dt == null) {
            throw new ApiException("Electricity Maps " + what + " for " + zone
                    + ": malformed body (no numeric carbonIntensity and datetime)");
        }
        Instant t = Instant.parse(dt.asText());
        String factor = node.path("emissionFactorType").asText("lifecycle");
        return new CarbonIntensity(ci.asDouble(), zone, t.atZone(java.time.ZoneOffset.UTC).getYear(),
                CarbonIntensity.Type.AVERAGE, "Electricity Maps API " + what + " at " + t + " (" + factor
                        + (node.path("isEstimated").asBoolean(false) ? ", estimated" : "") + ")");
    }

    private static IntensitySeries series(JsonNode body, String field, String zone) throws ApiException {
        JsonNode arr = body.get(field);
        if (arr == null || !arr.isArray()) {
            throw new ApiException("Electricity Maps " + field + " for " + zone + ": malformed body (no '" + field
                    + "' array)");
        }
        List<IntensitySeries.Point> points = new ArrayList<>();
        for (JsonNode n : arr) {
            CarbonIntensity ci = intensity(n, zone, field);
            points.add(new IntensitySeries.Point(Instant.parse(n.get("datetime").asText()), ci.gramsPerKwh()));
        }
        return new IntensitySeries(Map.of(zone, points), "Electricity Maps API " + field,
                CarbonIntensity.Type.AVERAGE);
    }
}
